using Microsoft.Extensions.DependencyInjection;

namespace MspHub.EntityFramework.Tests.Stores;

/// <summary>The admin tenant list on a real database: who sees which tenants, search, paging and sorting by usage.</summary>
public abstract class TenantDirectorySuite(DatabaseProvider provider) : ScopedHubSuite(provider)
{
    private readonly HubUser _admin = HubUser.Create("admin", SystemRole.MspAdmin);
    private readonly HubUser _tech = HubUser.Create("tech", SystemRole.Technician);
    private readonly HubUser _member = HubUser.Create("member");
    private readonly List<Tenant> _clients = [.. Enumerable.Range(0, 25).Select(i => Tenant.Create($"client-{i:D2}", $"Client {i:D2}"))];

    private ITenantDirectory Directory => Scope.ServiceProvider.GetRequiredService<ITenantDirectory>();

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var access = Scope.ServiceProvider.GetRequiredService<IAccessStore>();
        var tenants = Scope.ServiceProvider.GetRequiredService<ITenantStore>();
        foreach (var client in _clients)
        {
            await tenants.AddAsync(client);
        }

        foreach (var user in new[] { _admin, _tech, _member })
        {
            await access.AddUserAsync(user);
        }

        await access.SaveGrantAsync(new TechnicianGrant { UserId = _tech.Id, TenantId = Hub.B.Id, Permissions = ["automs.view"] });
        // A shadow counts while its holder is staff of the admin tenancy (client-00 here).
        await tenants.DesignateAdminTenancyAsync(_clients[0].Id);
        await access.SaveMembershipAsync(new Membership { UserId = _tech.Id, TenantId = _clients[0].Id });
        await access.SaveMembershipAsync(new Membership { UserId = _tech.Id, TenantId = _clients[3].Id, IsShadow = true });
        await access.SaveMembershipAsync(new Membership { UserId = _member.Id, TenantId = Hub.A.Id });
    }

    [DatabaseFact]
    public async Task Show_msp_admins_every_tenant_and_others_only_their_own()
    {
        Assert.Equal(27, (await Directory.ListForAsync(_admin.Id, new TenantQuery())).TotalCount);
        Assert.Equal(new[] { _clients[0].Slug, _clients[3].Slug, Hub.B.Slug }.Order(), (await Directory.ListForAsync(_tech.Id, new TenantQuery())).Items.Select(t => t.Slug).Order());
        Assert.Equal([Hub.A.Slug], (await Directory.ListForAsync(_member.Id, new TenantQuery())).Items.Select(t => t.Slug));
        Assert.Empty((await Directory.ListForAsync(Guid.CreateVersion7(), new TenantQuery())).Items);
    }

    [DatabaseFact]
    public async Task Search_sort_and_page()
    {
        var page = await Directory.ListForAsync(_admin.Id, new TenantQuery { Search = "client-1", PageSize = 4, Page = 2, SortBy = TenantSortField.Slug, Descending = true });

        Assert.Equal(10, page.TotalCount);
        Assert.Equal(["client-15", "client-14", "client-13", "client-12"], page.Items.Select(t => t.Slug));
    }

    [DatabaseFact]
    public async Task Sort_by_a_quotas_usage_with_unused_tenants_last()
    {
        var quotas = Scope.ServiceProvider.GetRequiredService<IQuotaCounter>();
        foreach (var (tenant, used) in new[] { (_clients[5], 3), (_clients[7], 9), (_clients[1], 1) })
        {
            await quotas.SetLimitAsync(tenant.Id, "automs", 100);
            using (Hub.In(tenant))
            using (var scope = Hub.Services.CreateScope())
            {
                await using var claim = await scope.ServiceProvider.GetRequiredService<IQuotaCounter>().ClaimAsync("automs", used);
                await claim.CommitAsync();
            }
        }

        var page = await Directory.ListForAsync(_admin.Id, new TenantQuery { SortBy = TenantSortField.Usage, UsageQuota = "automs", Descending = true, PageSize = 4 });

        Assert.Equal(["client-07", "client-05", "client-01", "client-00"], page.Items.Select(t => t.Slug));
        await Assert.ThrowsAsync<ArgumentException>(() => Directory.ListForAsync(_admin.Id, new TenantQuery { SortBy = TenantSortField.Usage }));
    }

    [DatabaseFact]
    public async Task Page_by_usage_both_ways_with_a_counter_at_zero_among_the_unused()
    {
        var usage = new Dictionary<Tenant, int> { [_clients[5]] = 3, [_clients[7]] = 9, [_clients[1]] = 1, [_clients[20]] = 9 };
        var quotas = Scope.ServiceProvider.GetRequiredService<IQuotaCounter>();
        await quotas.SetLimitAsync(_clients[2].Id, "automs", 100);
        foreach (var (tenant, used) in usage)
        {
            await quotas.SetLimitAsync(tenant.Id, "automs", 100);
            using (Hub.In(tenant))
            using (var scope = Hub.Services.CreateScope())
            {
                await using var claim = await scope.ServiceProvider.GetRequiredService<IQuotaCounter>().ClaimAsync("automs", used);
                await claim.CommitAsync();
            }
        }

        var everyone = _clients.Append(Hub.A).Append(Hub.B).ToList();
        foreach (var descending in new[] { true, false })
        {
            var byName = everyone.OrderBy(t => t.Name, StringComparer.Ordinal);
            var expected = (descending ? byName.OrderByDescending(t => usage.GetValueOrDefault(t)) : byName.OrderBy(t => usage.GetValueOrDefault(t))).Select(t => t.Slug).ToList();
            var listed = new List<string>();
            for (var number = 1; number <= 8; number++)
            {
                var page = await Directory.ListForAsync(_admin.Id, new TenantQuery { SortBy = TenantSortField.Usage, UsageQuota = "automs", Descending = descending, Page = number, PageSize = 4 });
                Assert.Equal(27, page.TotalCount);
                listed.AddRange(page.Items.Select(t => t.Slug));
            }

            Assert.Equal(expected, listed);
        }
    }
}

public sealed class SqliteTenantDirectoryShould() : TenantDirectorySuite(DatabaseProvider.Sqlite);

[RequiresPostgres]
public sealed class PostgresTenantDirectoryShould() : TenantDirectorySuite(DatabaseProvider.Postgres);
