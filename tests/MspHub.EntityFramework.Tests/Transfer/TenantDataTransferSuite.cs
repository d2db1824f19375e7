using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MspHub.Tests.Model;

namespace MspHub.Tests.Transfer;

/// <summary>Moving rows between tenants and merging tenants on a real database: dependents travel along, quotas hold, failures move nothing.</summary>
public abstract class TenantDataTransferSuite(DatabaseProvider provider) : ScopedHubSuite(provider)
{
    private ITenantDataTransfer Transfer => Scope.ServiceProvider.GetRequiredService<ITenantDataTransfer>();

    private async Task SetLimitAsync(Tenant tenant, long limit) =>
        await Scope.ServiceProvider.GetRequiredService<IQuotaCounter>().SetLimitAsync(tenant.Id, "automs", limit);

    private async Task<List<(string Name, int Steps)>> AutomsAsync(Tenant tenant)
    {
        using (Hub.In(tenant))
        await using (var db = Hub.NewDb())
        {
            return [.. (await db.Automs.Include(a => a.Steps).OrderBy(a => a.Name).ToListAsync()).Select(a => (a.Name, a.Steps.Count))];
        }
    }

    [DatabaseFact]
    public async Task Move_selected_rows_with_their_dependents_and_count_them_against_the_target()
    {
        await Hub.AddAutomAsync(Hub.A, "backup", "snapshot", "upload");
        await Hub.AddAutomAsync(Hub.A, "patching", "scan");
        await SetLimitAsync(Hub.B, 5);

        var report = await Transfer.MoveAsync<Autom>(Hub.A.Id, Hub.B.Id, a => a.Name == "backup");

        Assert.Equal(1, report.Rows.Single(r => r.Key.EndsWith("automs", StringComparison.Ordinal)).Value);
        Assert.Equal(2, report.Rows.Single(r => r.Key.EndsWith("autom_steps", StringComparison.Ordinal)).Value);
        Assert.Equal([("patching", 1)], await AutomsAsync(Hub.A));
        Assert.Equal([("backup", 2)], await AutomsAsync(Hub.B));
        Assert.Equal(1, (await Scope.ServiceProvider.GetRequiredService<IQuotaCounter>().GetUsageAsync(Hub.B.Id, "automs")).Used);
        Assert.Contains(Hub.Audit.Events, e => e.Action == AuditActions.TenantDataMoved && e.TenantId == Hub.B.Id);
    }

    [DatabaseFact]
    public async Task Move_nothing_when_the_target_has_no_room()
    {
        await Hub.AddAutomAsync(Hub.A, "backup", "snapshot");
        await SetLimitAsync(Hub.B, 0);

        await Assert.ThrowsAsync<QuotaExceededException>(() => Transfer.MoveAsync<Autom>(Hub.A.Id, Hub.B.Id, a => true));

        Assert.Equal([("backup", 1)], await AutomsAsync(Hub.A));
        Assert.Empty(await AutomsAsync(Hub.B));
    }

    [DatabaseFact]
    public async Task Move_nothing_when_a_value_that_is_unique_per_tenant_clashes_in_the_target()
    {
        await Hub.AddAutomAsync(Hub.A, "backup", "snapshot");
        await Hub.AddAutomAsync(Hub.B, "backup");
        await SetLimitAsync(Hub.B, 5);

        var error = await Assert.ThrowsAsync<TenantOperationException>(() => Transfer.MoveAsync<Autom>(Hub.A.Id, Hub.B.Id, a => a.Name == "backup"));

        Assert.Contains("automs", error.Message, StringComparison.Ordinal);
        Assert.Equal([("backup", 1)], await AutomsAsync(Hub.A));
        Assert.Equal([("backup", 0)], await AutomsAsync(Hub.B));
    }

    [DatabaseFact]
    public async Task Refuse_to_move_or_copy_rows_whose_references_would_point_into_another_tenant()
    {
        await Hub.AddAutomAsync(Hub.A, "backup", "snapshot");

        var moved = await Assert.ThrowsAsync<TenantOperationException>(() => Transfer.MoveAsync<AutomStep>(Hub.A.Id, Hub.B.Id, s => true));
        var copied = await Assert.ThrowsAsync<TenantOperationException>(() => Transfer.CopyAsync<AutomStep>(Hub.A.Id, s => true, [Hub.B.Id]));

        Assert.Contains("Autom", moved.Message, StringComparison.Ordinal);
        Assert.Contains("Autom", copied.Message, StringComparison.Ordinal);
        Assert.Equal([("backup", 1)], await AutomsAsync(Hub.A));
        using (Hub.AcrossTenants("tests.count-steps"))
        await using (var db = Hub.NewDb())
        {
            Assert.Equal(1, await db.Steps.CountAsync());
        }
    }

    [DatabaseFact]
    public async Task Refuse_a_move_within_one_tenant_or_to_a_missing_one()
    {
        await Assert.ThrowsAsync<TenantOperationException>(() => Transfer.MoveAsync<Autom>(Hub.A.Id, Hub.A.Id, a => true));
        await Assert.ThrowsAsync<TenantNotFoundException>(() => Transfer.MoveAsync<Autom>(Hub.A.Id, Guid.CreateVersion7(), a => true));
    }

    [DatabaseFact]
    public async Task Copy_a_graph_into_other_tenants_with_new_keys_and_references_remapped()
    {
        var original = await Hub.AddAutomAsync(Hub.A, "dashboard", "chart", "table");
        var third = Tenant.Create("tenant-c", "Tenant C");
        await Scope.ServiceProvider.GetRequiredService<ITenantStore>().AddAsync(third);
        await SetLimitAsync(Hub.B, 5);
        await SetLimitAsync(third, 5);

        var reports = await Transfer.CopyAsync<Autom>(Hub.A.Id, a => a.Name == "dashboard", [Hub.B.Id, third.Id]);

        Assert.Equal([Hub.B.Id, third.Id], reports.Select(r => r.TargetTenantId));
        Assert.All(reports, r => Assert.Equal(2, r.Rows.Single(t => t.Key.EndsWith("autom_steps", StringComparison.Ordinal)).Value));
        Assert.Equal([("dashboard", 2)], await AutomsAsync(Hub.A));
        foreach (var target in new[] { Hub.B, third })
        {
            Assert.Equal([("dashboard", 2)], await AutomsAsync(target));
            using (Hub.In(target))
            await using (var db = Hub.NewDb())
            {
                var copy = await db.Automs.Include(a => a.Steps).SingleAsync();
                Assert.NotEqual(original.Id, copy.Id);
                Assert.Equal(target.Id, copy.TenantId);
                Assert.All(copy.Steps, s => Assert.Equal(copy.Id, s.AutomId));
                Assert.DoesNotContain(copy.Steps, s => original.Steps.Any(o => o.Id == s.Id));
            }

            Assert.Equal(1, (await Scope.ServiceProvider.GetRequiredService<IQuotaCounter>().GetUsageAsync(target.Id, "automs")).Used);
        }
    }

    [DatabaseFact]
    public async Task Copy_into_no_tenant_when_one_target_cannot_take_it()
    {
        await Hub.AddAutomAsync(Hub.A, "dashboard", "chart");
        await Hub.AddAutomAsync(Hub.B, "dashboard");
        var third = Tenant.Create("tenant-c", "Tenant C");
        await Scope.ServiceProvider.GetRequiredService<ITenantStore>().AddAsync(third);
        await SetLimitAsync(Hub.B, 5);
        await SetLimitAsync(third, 5);

        await Assert.ThrowsAsync<TenantOperationException>(() => Transfer.CopyAsync<Autom>(Hub.A.Id, a => true, [third.Id, Hub.B.Id]));

        Assert.Empty(await AutomsAsync(third));
        Assert.Equal([("dashboard", 0)], await AutomsAsync(Hub.B));
        Assert.Equal(0, (await Scope.ServiceProvider.GetRequiredService<IQuotaCounter>().GetUsageAsync(third.Id, "automs")).Used);
    }

    [DatabaseFact]
    public async Task Merge_every_row_and_member_into_the_target_then_delete_the_source()
    {
        await Hub.AddAutomAsync(Hub.A, "a-job");
        await Hub.AddAutomAsync(Hub.B, "b-job", "step");
        await SetLimitAsync(Hub.A, 5);
        var member = HubUser.Create("b-member");
        var access = Scope.ServiceProvider.GetRequiredService<IAccessStore>();
        await access.AddUserAsync(member);
        await access.SaveMembershipAsync(new Membership { UserId = member.Id, TenantId = Hub.B.Id, IsPrimary = true });

        await Assert.ThrowsAsync<TenantOperationException>(() => Transfer.MergeAsync(Hub.B.Id, Hub.A.Id, "tenant-a"));
        var report = await Transfer.MergeAsync(Hub.B.Id, Hub.A.Id, "tenant-b");

        Assert.Equal([("a-job", 0), ("b-job", 1)], await AutomsAsync(Hub.A));
        Assert.Equal(1, report.Rows["memberships"]);
        using var fresh = Hub.Services.CreateScope();
        Assert.Null(await fresh.ServiceProvider.GetRequiredService<ITenantStore>().FindByIdAsync(Hub.B.Id));
        Assert.NotNull(await fresh.ServiceProvider.GetRequiredService<IAccessStore>().FindMembershipAsync(member.Id, Hub.A.Id));
        Assert.Equal(1, (await fresh.ServiceProvider.GetRequiredService<IQuotaCounter>().GetUsageAsync(Hub.A.Id, "automs")).Used);
    }
}

public sealed class SqliteTenantDataTransferShould() : TenantDataTransferSuite(DatabaseProvider.Sqlite);

[RequiresPostgres]
public sealed class PostgresTenantDataTransferShould() : TenantDataTransferSuite(DatabaseProvider.Postgres);
