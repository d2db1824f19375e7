using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MspHub.Licensing;
using MspHub.EntityFramework.Tests.Model;

namespace MspHub.EntityFramework.Tests.Hierarchy;

/// <summary>
/// Quota limits set at a parent for its subtree, on a real database, over MSP → Contoso → (Contoso Leeds, Contoso York)
/// and MSP → Fabrikam → Fabrikam Leeds, under a licence that gives every tenant 10 automs and caps any tenant at 30.
/// </summary>
public abstract class SubtreeLimitsSuite(DatabaseProvider provider) : IAsyncLifetime
{
    private TestHub _hub = null!;
    private HierarchyFixture _tree = null!;

    public async Task InitializeAsync()
    {
        var licence = TestLicences.Licence(quotas: new Dictionary<string, long> { ["automs"] = 10 }) with
        {
            MaxQuotas = new Dictionary<string, long> { ["automs"] = 30 },
        };
        _hub = await TestHub.CreateAsync(provider, configure: hub => hub.AddLicensing(TestLicences.Install(licence)));
        using var scope = _hub.Services.CreateScope();
        _tree = await HierarchyFixture.CreateAsync(_hub, scope.ServiceProvider);
    }

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    private async Task WithQuotasAsync(Func<IQuotaCounter, Task> operation)
    {
        using var scope = _hub.Services.CreateScope();
        await operation(scope.ServiceProvider.GetRequiredService<IQuotaCounter>());
    }

    private async Task<long> LimitAsync(Tenant tenant)
    {
        using var scope = _hub.Services.CreateScope();
        return (await scope.ServiceProvider.GetRequiredService<IQuotaCounter>().GetUsageAsync(tenant.Id, "automs")).Limit;
    }

    // One creator as an endpoint would do it: count and insert in one transaction.
    private async Task<bool> CreateAsync(Tenant tenant, string name)
    {
        using var scope = _hub.Services.CreateScope();
        using (_hub.In(tenant))
        {
            await using var claim = await TryClaimAsync(scope.ServiceProvider.GetRequiredService<IQuotaCounter>());
            if (claim is null)
            {
                return false;
            }

            var db = scope.ServiceProvider.GetRequiredService<HubTestDb>();
            db.Automs.Add(new Autom { Name = name });
            await db.SaveChangesAsync();
            await claim.CommitAsync();
            return true;
        }
    }

    private static async Task<IQuotaClaim?> TryClaimAsync(IQuotaCounter quotas)
    {
        try
        {
            return await quotas.ClaimAsync("automs");
        }
        catch (QuotaExceededException)
        {
            return null;
        }
    }

    private async Task<int> CountAsync(Tenant tenant)
    {
        using (_hub.In(tenant))
        {
            await using var db = _hub.NewDb();
            return await db.Automs.CountAsync();
        }
    }

    [DatabaseFact]
    public async Task Give_the_nearest_ancestors_subtree_limit_to_tenants_that_set_none_and_let_a_child_override_it()
    {
        await WithQuotasAsync(async q =>
        {
            await q.SetSubtreeLimitAsync(_tree.Msp.Id, "automs", 4);
            await q.SetSubtreeLimitAsync(_tree.Contoso.Id, "automs", 2);
            await q.SetLimitAsync(_tree.ContosoYork.Id, "automs", 7);
        });

        Assert.Equal(4, await LimitAsync(_tree.Msp));            // a subtree limit covers the tenant it is set at
        Assert.Equal(2, await LimitAsync(_tree.Contoso));
        Assert.Equal(2, await LimitAsync(_tree.ContosoLeeds));   // a grandchild of the MSP: the nearer Contoso wins
        Assert.Equal(7, await LimitAsync(_tree.ContosoYork));    // its own override wins over every parent
        Assert.Equal(4, await LimitAsync(_tree.Fabrikam));
        Assert.Equal(4, await LimitAsync(_tree.FabrikamLeeds));  // a grandchild inheriting from the MSP two levels up
        Assert.Equal(10, await LimitAsync(_hub.A));              // outside the tree: the licence's default

        // Enforced, not only reported; the fixture's one autom per tenant was added without counting.
        Assert.Equal(new[] { true, true, false }, new[] { await CreateAsync(_tree.ContosoLeeds, "l-1"), await CreateAsync(_tree.ContosoLeeds, "l-2"), await CreateAsync(_tree.ContosoLeeds, "l-3") });

        await WithQuotasAsync(q => q.SetSubtreeLimitAsync(_tree.Contoso.Id, "automs", null));
        Assert.Equal(4, await LimitAsync(_tree.ContosoLeeds));   // cleared: the MSP's applies again
        Assert.True(await CreateAsync(_tree.ContosoLeeds, "l-3"));
        Assert.Contains(_hub.Audit.Records, r => r.Action == AuditActions.QuotaLimitSet && r.TenantId == _tree.Contoso.Id && r.Detail.GetValueOrDefault("applies-to") == "subtree");
    }

    [DatabaseFact]
    public async Task Stop_parallel_creators_at_exactly_an_inherited_limit()
    {
        await WithQuotasAsync(q => q.SetSubtreeLimitAsync(_tree.Fabrikam.Id, "automs", 5));

        var created = await Task.WhenAll(Enumerable.Range(0, 16).Select(i => Task.Run(() => CreateAsync(_tree.FabrikamLeeds, $"f-{i}"))));

        Assert.Equal(5, created.Count(c => c));
        Assert.Equal(1 + 5, await CountAsync(_tree.FabrikamLeeds));
        using var scope = _hub.Services.CreateScope();
        Assert.Equal(new QuotaUsage("automs", 5, 5), await scope.ServiceProvider.GetRequiredService<IQuotaCounter>().GetUsageAsync(_tree.FabrikamLeeds.Id, "automs"));
    }

    [DatabaseFact]
    public async Task Give_a_moved_child_its_new_parents_limit_on_the_next_read()
    {
        await WithQuotasAsync(async q =>
        {
            await q.SetSubtreeLimitAsync(_tree.Contoso.Id, "automs", 1);
            await q.SetSubtreeLimitAsync(_tree.Fabrikam.Id, "automs", 3);
        });
        Assert.True(await CreateAsync(_tree.ContosoLeeds, "l-1"));
        Assert.False(await CreateAsync(_tree.ContosoLeeds, "l-2"));
        Assert.Equal(1, await LimitAsync(_tree.ContosoLeeds));   // read once, so a stale copy would show after the move

        using (var scope = _hub.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<ITenantLifecycle>().MoveAsync(_tree.ContosoLeeds.Id, _tree.Fabrikam.Id);
        }

        Assert.Equal(3, await LimitAsync(_tree.ContosoLeeds));
        Assert.True(await CreateAsync(_tree.ContosoLeeds, "l-2"));
        Assert.True(await CreateAsync(_tree.ContosoLeeds, "l-3"));
        Assert.False(await CreateAsync(_tree.ContosoLeeds, "l-4"));
    }

    [DatabaseFact]
    public async Task Never_give_a_tenant_more_than_the_licence_caps_whatever_its_parent_or_own_limit_says()
    {
        await WithQuotasAsync(async q =>
        {
            await q.SetSubtreeLimitAsync(_tree.Contoso.Id, "automs", 50);
            await q.SetLimitAsync(_tree.ContosoYork.Id, "automs", 100);
            await q.SetSubtreeLimitAsync(_tree.Fabrikam.Id, "automs", 20);
        });

        Assert.Equal(30, await LimitAsync(_tree.ContosoLeeds));
        Assert.Equal(30, await LimitAsync(_tree.ContosoYork));
        Assert.Equal(20, await LimitAsync(_tree.FabrikamLeeds));   // below the cap, the parent's limit stands

        var created = 0;
        for (var i = 0; i < 32 && await CreateAsync(_tree.ContosoYork, $"y-{i}"); i++)
        {
            created++;
        }

        Assert.Equal(30, created);
    }
}
