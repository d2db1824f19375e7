using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MspHub.EntityFramework.Tests.Model;

namespace MspHub.EntityFramework.Tests.Isolation;

/// <summary>
/// MspHub's stores and tenant operations save through a context of their own: the host's scoped context, with
/// its pending and tracked entities, is neither saved, stamped nor cleared by them, and the caller's transaction
/// still carries their work.
/// </summary>
public abstract class HostTrackedStateSuite(DatabaseProvider provider) : ScopedHubSuite(provider)
{
    private HubTestDb HostDb => Scope.ServiceProvider.GetRequiredService<HubTestDb>();

    private IAccessStore Access => Scope.ServiceProvider.GetRequiredService<IAccessStore>();

    private ITenantDataTransfer Transfer => Scope.ServiceProvider.GetRequiredService<ITenantDataTransfer>();

    private async Task<int> CountAsync<T>(Func<HubTestDb, IQueryable<T>> rows)
    {
        using (Hub.AcrossTenants("tests.count"))
        await using (var db = Hub.NewDb())
        {
            return await rows(db).CountAsync();
        }
    }

    private static void AssertTracked(HubTestDb db, object entity, EntityState state) => Assert.Equal(state, db.Entry(entity).State);

    [DatabaseFact]
    public async Task Save_store_rows_without_saving_or_dropping_what_the_host_tracks()
    {
        await Hub.AddAutomAsync(Hub.A, "kept");
        using (Hub.In(Hub.A))
        {
            var kept = await HostDb.Automs.SingleAsync();
            var pending = HostDb.Automs.Add(new Autom { Name = "pending" }).Entity;
            kept.Name = "renamed";

            var user = HubUser.Create("member");
            await Access.AddUserAsync(user);
            await Access.SaveRoleAsync(new TenantRole { TenantId = Hub.A.Id, Name = "Agent", Permissions = ["automs.view"] });
            await Access.SaveMembershipAsync(new Membership { UserId = user.Id, TenantId = Hub.A.Id, Roles = ["Agent"] });
            await Access.RemoveRoleAsync(Hub.A.Id, "Agent");

            AssertTracked(HostDb, pending, EntityState.Added);
            AssertTracked(HostDb, kept, EntityState.Modified);
            Assert.Equal(2, HostDb.ChangeTracker.Entries().Count());
            Assert.Equal([], (await Access.FindMembershipAsync(user.Id, Hub.A.Id))!.Roles);
        }

        Assert.Equal(1, await CountAsync(db => db.Automs));
        Assert.Equal(0, await CountAsync(db => db.Automs.Where(a => a.Name != "kept")));
    }

    [DatabaseFact]
    public async Task Copy_and_move_without_saving_or_dropping_what_the_host_tracks()
    {
        await Hub.AddAutomAsync(Hub.A, "copied", "step");
        await Hub.AddAutomAsync(Hub.A, "moved");
        foreach (var target in new[] { Hub.A, Hub.B })
        {
            await Scope.ServiceProvider.GetRequiredService<IQuotaCounter>().SetLimitAsync(target.Id, "automs", 5);
        }

        using (Hub.In(Hub.A))
        {
            var tracked = await HostDb.Automs.Where(a => a.Name == "copied").SingleAsync();
            var category = HostDb.Categories.Add(new Category { Name = "pending" }).Entity;

            await Transfer.CopyAsync<Autom>(Hub.A.Id, a => a.Name == "copied", [Hub.B.Id]);
            await Transfer.MoveAsync<Autom>(Hub.A.Id, Hub.B.Id, a => a.Name == "moved");

            AssertTracked(HostDb, tracked, EntityState.Unchanged);
            AssertTracked(HostDb, category, EntityState.Added);
            Assert.Equal(2, HostDb.ChangeTracker.Entries().Count());
        }

        Assert.Equal(0, await CountAsync(db => db.Categories));
        using (Hub.In(Hub.B))
        await using (var db = Hub.NewDb())
        {
            Assert.Equal(["copied", "moved"], await db.Automs.OrderBy(a => a.Name).Select(a => a.Name).ToListAsync());
        }
    }

    [DatabaseFact]
    public async Task Copy_and_move_whole_graphs_when_the_host_reads_untracked_by_default()
    {
        await using var hub = await TestHub.CreateAsync(Hub.Provider, database: o => o.UseQueryTrackingBehavior(QueryTrackingBehavior.NoTracking));
        await hub.AddAutomAsync(hub.A, "copied", "step");
        await hub.AddAutomAsync(hub.A, "moved", "step");
        using var scope = hub.Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<IQuotaCounter>().SetLimitAsync(hub.B.Id, "automs", 5);
        var transfer = scope.ServiceProvider.GetRequiredService<ITenantDataTransfer>();

        await transfer.CopyAsync<Autom>(hub.A.Id, a => a.Name == "copied", [hub.B.Id]);
        await transfer.MoveAsync<Autom>(hub.A.Id, hub.B.Id, a => a.Name == "moved");

        using (hub.In(hub.B))
        await using (var db = hub.NewDb())
        {
            Assert.Equal([("copied", 1), ("moved", 1)], (await db.Automs.Include(a => a.Steps).OrderBy(a => a.Name).ToListAsync()).Select(a => (a.Name, a.Steps.Count)));
        }
    }

    [DatabaseFact]
    public async Task Refuse_to_move_copy_or_merge_while_the_host_has_unsaved_changes_to_what_they_change()
    {
        await Hub.AddAutomAsync(Hub.A, "saved", "step");
        using (Hub.In(Hub.A))
        {
            var pending = HostDb.Automs.Add(new Autom { Name = "pending" }).Entity;

            var errors = new[]
            {
                await Assert.ThrowsAsync<TenantOperationException>(() => Transfer.MoveAsync<Autom>(Hub.A.Id, Hub.B.Id, a => true)),
                await Assert.ThrowsAsync<TenantOperationException>(() => Transfer.CopyAsync<Autom>(Hub.A.Id, a => true, [Hub.B.Id])),
                await Assert.ThrowsAsync<TenantOperationException>(() => Transfer.MergeAsync(Hub.A.Id, Hub.B.Id, "tenant-a")),
            };

            Assert.All(errors, e => Assert.Contains("unsaved changes to Autom", e.Message, StringComparison.Ordinal));
            Assert.Contains("Moving Autom rows", errors[0].Message, StringComparison.Ordinal);
            Assert.Contains("Merging tenants", errors[2].Message, StringComparison.Ordinal);
            AssertTracked(HostDb, pending, EntityState.Added);
        }

        Assert.Equal(1, await CountAsync(db => db.Automs));
        Assert.Equal(1, await CountAsync(db => db.Automs.Where(a => EF.Property<Guid>(a, "TenantId") == Hub.A.Id)));
        Assert.NotNull(await Hub.Store.FindByIdAsync(Hub.A.Id));
    }

    [DatabaseFact]
    public async Task Work_inside_the_callers_transaction_and_roll_back_with_it()
    {
        await Hub.AddAutomAsync(Hub.A, "dashboard", "chart");
        await Hub.AddAutomAsync(Hub.A, "ops", "page");
        await Scope.ServiceProvider.GetRequiredService<IQuotaCounter>().SetLimitAsync(Hub.B.Id, "automs", 5);
        var user = HubUser.Create("joined");

        await using (var transaction = await HostDb.Database.BeginTransactionAsync())
        {
            await Transfer.CopyAsync<Autom>(Hub.A.Id, a => a.Name == "dashboard", [Hub.B.Id]);
            await Transfer.MoveAsync<Autom>(Hub.A.Id, Hub.B.Id, a => a.Name == "ops");
            await Access.AddUserAsync(user);
            await Access.SaveMembershipAsync(new Membership { UserId = user.Id, TenantId = Hub.B.Id });

            using (Hub.In(Hub.B))
            {
                Assert.Equal(2, await HostDb.Automs.CountAsync());
            }

            Assert.NotNull(await Access.FindMembershipAsync(user.Id, Hub.B.Id));
            await transaction.RollbackAsync();
        }

        Assert.Equal(2, await CountAsync(db => db.Automs.Where(a => EF.Property<Guid>(a, "TenantId") == Hub.A.Id)));
        Assert.Equal(2, await CountAsync(db => db.Automs));
        Assert.Equal(2, await CountAsync(db => db.Steps));
        Assert.Null(await Access.FindUserAsync(user.Id));
        Assert.Equal(0, (await Scope.ServiceProvider.GetRequiredService<IQuotaCounter>().GetUsageAsync(Hub.B.Id, "automs")).Used);
    }
}

public sealed class SqliteHostTrackedStateShould() : HostTrackedStateSuite(DatabaseProvider.Sqlite);

[RequiresPostgres]
public sealed class PostgresHostTrackedStateShould() : HostTrackedStateSuite(DatabaseProvider.Postgres);
