using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using MspHub.EntityFramework.Tests.Model;

namespace MspHub.EntityFramework.Tests.Lifecycle;

/// <summary>
/// Tenant writes raced as a multi-node host would race them: stale cached copies on another node, a write
/// between a read and its write, a read between a write and its commit, concurrent moves, and deletion while
/// other nodes still hold the tenant.
/// </summary>
public abstract class TenantWriteRacesSuite(DatabaseProvider provider) : IAsyncLifetime
{
    private readonly SlowStatements _slow = new();
    private TestHub _hub = null!;
    private ServiceProvider _otherNode = null!;

    public async Task InitializeAsync()
    {
        _hub = await TestHub.CreateAsync(provider, database: o => o.AddInterceptors(_slow));
        _otherNode = _hub.NewNode();
    }

    public async Task DisposeAsync()
    {
        await _otherNode.DisposeAsync();
        await _hub.DisposeAsync();
    }

    private static async Task<T> InScopeAsync<T>(IServiceProvider node, Func<IServiceProvider, Task<T>> operation)
    {
        using var scope = node.CreateScope();
        return await operation(scope.ServiceProvider);
    }

    private Task<T> OnThisNodeAsync<T>(Func<IServiceProvider, Task<T>> operation) => InScopeAsync(_hub.Services, operation);

    private Task<T> OnOtherNodeAsync<T>(Func<IServiceProvider, Task<T>> operation) => InScopeAsync(_otherNode, operation);

    private static ITenantLifecycle Lifecycle(IServiceProvider services) => services.GetRequiredService<ITenantLifecycle>();

    private static ITenantStore Store(IServiceProvider services) => services.GetRequiredService<ITenantStore>();

    [DatabaseFact]
    public async Task Never_let_a_copy_cached_on_another_node_undo_a_suspension()
    {
        var cached = await OnOtherNodeAsync(async sp => await Store(sp).FindByIdAsync(_hub.B.Id));

        await OnThisNodeAsync(sp => Lifecycle(sp).SuspendAsync(_hub.B.Id));
        var stillCached = await OnOtherNodeAsync(async sp => await Store(sp).FindByIdAsync(_hub.B.Id));
        var renamed = await OnOtherNodeAsync(sp => Lifecycle(sp).UpdateAsync(_hub.B.Id, "tenant-b", "Renamed elsewhere"));
        var toggled = await OnOtherNodeAsync(sp => Store(sp).UpdateAsync(_hub.B.Id, t => t with { DisabledFeatures = ["vault"] }));

        Assert.Equal((TenantStatus.Active, TenantStatus.Active), (cached!.Status, stillCached!.Status));
        Assert.Equal(TenantStatus.Suspended, renamed.Status);
        Assert.Equal((TenantStatus.Suspended, "Renamed elsewhere"), (toggled.Status, toggled.Name));
        Assert.Equal(TenantStatus.Suspended, await OnThisNodeAsync(async sp => await Store(sp).FindStatusAsync(_hub.B.Id)));
    }

    [DatabaseFact]
    public async Task Never_bring_back_a_second_admin_tenancy_from_an_old_copy()
    {
        await OnThisNodeAsync(async sp => { await Store(sp).DesignateAdminTenancyAsync(_hub.A.Id); return true; });
        await OnOtherNodeAsync(async sp => await Store(sp).FindByIdAsync(_hub.A.Id));

        await OnThisNodeAsync(async sp => { await Store(sp).DesignateAdminTenancyAsync(_hub.B.Id); return true; });
        await OnOtherNodeAsync(sp => Lifecycle(sp).UpdateAsync(_hub.A.Id, "tenant-a", "Renamed A"));
        var forged = await Assert.ThrowsAsync<TenantOperationException>(
            () => OnOtherNodeAsync(sp => Store(sp).UpdateAsync(_hub.A.Id, t => t with { IsAdminTenancy = true })));

        Assert.Contains("admin-tenancy flag", forged.Message, StringComparison.Ordinal);
        var admins = await OnThisNodeAsync(sp => Store(sp).ListAsync(new TenantQuery { IsAdminTenancy = true }));
        Assert.Equal([_hub.B.Id], admins.Items.Select(t => t.Id));
    }

    [DatabaseFact]
    public async Task Apply_a_change_again_when_another_writer_changed_the_tenant_between_its_read_and_its_write()
    {
        var attempts = 0;

        var merged = await OnThisNodeAsync(sp => Store(sp).UpdateAsync(_hub.B.Id, t =>
        {
            if (attempts++ == 0)
            {
                // Another node writes the same column after this change read the tenant and before it writes.
                OnOtherNodeAsync(other => Store(other).UpdateAsync(_hub.B.Id, x => x with { DisabledFeatures = [.. x.DisabledFeatures, "vault"] }))
                    .GetAwaiter().GetResult();
            }

            return t with { DisabledFeatures = [.. t.DisabledFeatures, "backup"] };
        }));

        Assert.Equal(2, attempts);
        Assert.Equal(["backup", "vault"], merged.DisabledFeatures);
        Assert.Equal(["backup", "vault"], (await OnOtherNodeAsync(async sp => await Store(sp).FindByIdAsync(_hub.B.Id)))!.DisabledFeatures);
    }

    [DatabaseFact]
    public async Task Forget_a_tenant_changed_inside_a_transaction_again_once_it_commits()
    {
        using var writer = _hub.Services.CreateScope();
        var db = writer.ServiceProvider.GetRequiredService<HubTestDb>();
        await using (var transaction = await db.Database.BeginTransactionAsync())
        {
            await Store(writer.ServiceProvider).UpdateAsync(_hub.B.Id, t => t with { Name = "Renamed in a transaction" });

            // A read on another connection before the commit sees (and would cache) the committed old row.
            var before = await OnThisNodeAsync(async sp => await Store(sp).FindByIdAsync(_hub.B.Id));
            Assert.Equal("Tenant B", before!.Name);
            await transaction.CommitAsync();
        }

        var after = await OnThisNodeAsync(async sp => await Store(sp).FindByIdAsync(_hub.B.Id));
        Assert.Equal("Renamed in a transaction", after!.Name);
    }

    [DatabaseFact]
    public async Task Never_let_two_concurrent_moves_make_a_cycle()
    {
        var x = await OnThisNodeAsync(sp => Lifecycle(sp).CreateAsync("tenant-x", "X"));
        var y = await OnThisNodeAsync(sp => Lifecycle(sp).CreateAsync("tenant-y", "Y"));
        _slow.Delay = TimeSpan.FromMilliseconds(300); // each move's write waits long enough for the other to pass its check

        var moves = new[]
        {
            OnThisNodeAsync(sp => Lifecycle(sp).MoveAsync(x.Id, y.Id)),
            OnOtherNodeAsync(sp => Lifecycle(sp).MoveAsync(y.Id, x.Id)),
        };
        var outcomes = await Task.WhenAll(moves.Select(async m =>
        {
            try
            {
                await m;
                return "moved";
            }
            catch (TenantOperationException error) when (error.Message.Contains("cycle", StringComparison.Ordinal))
            {
                return "refused";
            }
        }));

        _slow.Delay = TimeSpan.Zero;
        Assert.Equal(["moved", "refused"], outcomes.Order(StringComparer.Ordinal));
        var parents = await OnThisNodeAsync(async sp => (
            X: (await Store(sp).ListAsync(new TenantQuery { ParentId = y.Id })).TotalCount,
            Y: (await Store(sp).ListAsync(new TenantQuery { ParentId = x.Id })).TotalCount));
        Assert.Equal(1, parents.X + parents.Y);
    }

    [DatabaseFact]
    public async Task Fence_a_deletion_first_so_every_node_refuses_the_tenant_at_once()
    {
        var doomed = await OnThisNodeAsync(sp => Lifecycle(sp).CreateAsync("doomed", "Doomed"));
        await _hub.AddAutomAsync(doomed, "backup", "snapshot");
        var cached = await OnOtherNodeAsync(async sp => await Store(sp).FindByIdAsync(doomed.Id));
        _slow.FailOn = "autom_steps";

        await Assert.ThrowsAnyAsync<Exception>(() => OnThisNodeAsync(sp => Lifecycle(sp).DeleteAsync(doomed.Id, "doomed")));

        _slow.FailOn = null;
        Assert.Equal(TenantStatus.Active, cached!.Status);
        Assert.Equal(TenantStatus.Deleting, await OnOtherNodeAsync(async sp => await Store(sp).FindStatusAsync(doomed.Id)));
        var refusedChange = await Assert.ThrowsAsync<TenantOperationException>(() => OnOtherNodeAsync(sp => Lifecycle(sp).ReactivateAsync(doomed.Id)));
        await Assert.ThrowsAsync<TenantOperationException>(() => OnOtherNodeAsync(sp => Lifecycle(sp).CreateAsync("orphan", "Orphan", doomed.Id)));
        Assert.Contains("being deleted", refusedChange.Message, StringComparison.Ordinal);

        var report = await OnOtherNodeAsync(sp => Lifecycle(sp).DeleteAsync(doomed.Id, "doomed"));
        Assert.Equal(1, report.RowsDeleted.Single(r => r.Key.EndsWith("automs", StringComparison.Ordinal)).Value);
        Assert.Null(await OnOtherNodeAsync(async sp => await Store(sp).FindStatusAsync(doomed.Id)));
    }

    [DatabaseFact]
    public async Task Delete_host_rows_that_reference_the_tenants_users_first_and_report_every_row_that_disappeared()
    {
        var doomed = await OnThisNodeAsync(sp => Lifecycle(sp).CreateAsync("doomed", "Doomed"));
        var sibling = await OnThisNodeAsync(sp => Lifecycle(sp).CreateAsync("sibling", "Sibling"));
        var onlyHere = HubUser.Create("only-here");
        byte[] shared = TestImages.Png(2, 2, 1, 0, 0), own = TestImages.Png(2, 2, 2, 0, 0);
        await OnThisNodeAsync(async sp =>
        {
            var access = sp.GetRequiredService<IAccessStore>();
            await access.AddUserAsync(onlyHere);
            await access.SaveMembershipAsync(new Membership { UserId = onlyHere.Id, TenantId = doomed.Id, IsPrimary = true });
            var branding = sp.GetRequiredService<IBrandingService>();
            await branding.SetLogoAsync(doomed.Id, own);
            await branding.SetLogoAsync(sibling.Id, shared);
            return true;
        });
        var autom = await _hub.AddAutomAsync(doomed, "backup", "snapshot", "upload");
        await AddHostForeignKeyToUsersAsync(autom.Id, onlyHere.Id);
        var before = await _hub.CountRowsOutsideMspHubAsync();

        var report = await OnThisNodeAsync(sp => Lifecycle(sp).DeleteAsync(doomed.Id, "doomed"));

        var after = await _hub.CountRowsOutsideMspHubAsync();
        // Rows that disappeared; the audit tables grow by the deletion's own record.
        var disappeared = before.Where(t => t.Value > after[t.Key]).ToDictionary(t => t.Key, t => t.Value - after[t.Key]);
        Assert.Equal(disappeared.OrderBy(t => t.Key), report.RowsDeleted.ToDictionary(r => r.Key.Split('.')[^1], r => (long)r.Value).OrderBy(t => t.Key));
        Assert.Equal(1, disappeared["logos"]);
        Assert.Equal([onlyHere.Id], report.UsersDeleted);

        var second = await OnThisNodeAsync(sp => Lifecycle(sp).CreateAsync("second", "Second"));
        await OnThisNodeAsync(sp => sp.GetRequiredService<IBrandingService>().SetLogoAsync(second.Id, shared));
        var shareReport = await OnThisNodeAsync(sp => Lifecycle(sp).DeleteAsync(second.Id, "second"));
        Assert.DoesNotContain(shareReport.RowsDeleted, r => r.Key.EndsWith("logos", StringComparison.Ordinal));
    }

    [DatabaseFact]
    public async Task Leave_nothing_behind_when_tenant_creation_is_cancelled_halfway()
    {
        using var cancel = new CancellationTokenSource();
        _slow.CancelAfterTenantInsert = cancel;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => OnThisNodeAsync(sp => Lifecycle(sp).CreateAsync("acme", "Acme", cancellationToken: cancel.Token)));

        _slow.CancelAfterTenantInsert = null;
        Assert.DoesNotContain("acme", await OnOtherNodeAsync(async sp => (await Store(sp).ListAsync(new TenantQuery())).Items.Select(t => t.Slug)));
    }

    // A host column on its own tenant-owned table that references MspHub's users, as a "created by" would.
    private async Task AddHostForeignKeyToUsersAsync(Guid automId, Guid userId)
    {
        await using var connection = await _hub.OpenOwnerConnectionAsync();
        var users = provider == DatabaseProvider.Sqlite ? "users" : "msphub.users";
        await OutsideMspHub.ExecuteAsync(connection, $"ALTER TABLE automs ADD COLUMN created_by {(provider == DatabaseProvider.Sqlite ? "TEXT" : "uuid")} NULL REFERENCES {users} (id)");
        await OutsideMspHub.ExecuteAsync(connection, "UPDATE automs SET created_by = @user WHERE \"Id\" = @id", ("user", _hub.SqlValue(userId)), ("id", _hub.SqlValue(automId)));
    }

    /// <summary>
    /// Delays every write to the tenants table by <see cref="Delay"/>, fails deletes from the table named by
    /// <see cref="FailOn"/>, and cancels <see cref="CancelAfterTenantInsert"/> once a tenant is inserted.
    /// </summary>
    private sealed class SlowStatements : DbCommandInterceptor
    {
        public TimeSpan Delay { get; set; }

        public string? FailOn { get; set; }

        public CancellationTokenSource? CancelAfterTenantInsert { get; set; }

        public override async ValueTask<int> NonQueryExecutedAsync(
            DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken = default)
        {
            await CancelAfterTenantInsertAsync(command);
            return result;
        }

        public override async ValueTask<DbDataReader> ReaderExecutedAsync(
            DbCommand command, CommandExecutedEventData eventData, DbDataReader result, CancellationToken cancellationToken = default)
        {
            await CancelAfterTenantInsertAsync(command);
            return result;
        }

        private async Task CancelAfterTenantInsertAsync(DbCommand command)
        {
            if (CancelAfterTenantInsert is { } cancel && command.CommandText.Contains("INSERT INTO", StringComparison.OrdinalIgnoreCase)
                && command.CommandText.Contains("tenants", StringComparison.OrdinalIgnoreCase))
            {
                await cancel.CancelAsync();
            }
        }

        public override async ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            await ApplyAsync(command, cancellationToken);
            return result;
        }

        public override async ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            await ApplyAsync(command, cancellationToken);
            return result;
        }

        private async Task ApplyAsync(DbCommand command, CancellationToken cancellationToken)
        {
            if (FailOn is { } table && command.CommandText.Contains("DELETE FROM", StringComparison.OrdinalIgnoreCase)
                && command.CommandText.Contains(table, StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidOperationException($"Injected failure: DELETE FROM {table}.");
            }

            if (Delay > TimeSpan.Zero && command.CommandText.StartsWith("UPDATE", StringComparison.OrdinalIgnoreCase)
                && command.CommandText.Contains("tenants", StringComparison.OrdinalIgnoreCase))
            {
                await Task.Delay(Delay, cancellationToken);
            }
        }
    }
}

public sealed class SqliteTenantWriteRacesShould() : TenantWriteRacesSuite(DatabaseProvider.Sqlite);

[RequiresPostgres]
public sealed class PostgresTenantWriteRacesShould() : TenantWriteRacesSuite(DatabaseProvider.Postgres);
