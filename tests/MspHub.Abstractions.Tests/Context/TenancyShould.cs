using Microsoft.Extensions.DependencyInjection;

namespace MspHub.Abstractions.Tests.Context;

public class TenancyShould
{
    private static readonly Tenant Contoso = Tenant.Create("contoso", "Contoso");
    private static readonly Tenant Fabrikam = Tenant.Create("fabrikam", "Fabrikam");

    [Fact]
    public void Start_with_no_tenant()
    {
        var tenancy = Hub.Tenancy();

        Assert.Same(TenantContext.None, tenancy.Current);
        Assert.Equal(TenantContextKind.None, tenancy.Current.Kind);
        Assert.Null(tenancy.Current.TenantId);
    }

    [Fact]
    public async Task Restore_the_outer_tenant_when_a_nested_scope_ends_across_awaits()
    {
        var tenancy = Hub.Tenancy();

        using (tenancy.BeginScope(Contoso))
        {
            await Task.Yield();
            Assert.Equal(Contoso.Id, tenancy.Current.TenantId);
            using (tenancy.BeginScope(Fabrikam))
            {
                await Task.Delay(1);
                Assert.Equal(Fabrikam.Id, tenancy.Current.TenantId);
            }

            await Task.Yield();
            Assert.Equal(Contoso.Id, tenancy.Current.TenantId);
        }

        Assert.False(tenancy.Current.HasTenant);
    }

    [Fact]
    public void Refuse_out_of_order_disposal_loudly_and_leave_no_tenant_active_outside_a_scope()
    {
        var tenancy = Hub.Tenancy();
        var outer = tenancy.BeginScope(Contoso);
        var inner = tenancy.BeginScope(Fabrikam);

        var error = Assert.Throws<TenantScopeOrderException>(outer.Dispose);

        Assert.Contains("reverse order", error.Message, StringComparison.Ordinal);
        Assert.Same(TenantContext.None, tenancy.Current);
        inner.Dispose();
        Assert.Same(TenantContext.None, tenancy.Current);
    }

    [Fact]
    public void Restore_the_context_from_before_a_scope_disposed_out_of_order()
    {
        var tenancy = Hub.Tenancy();
        using (tenancy.BeginScope(Contoso))
        {
            var middle = tenancy.BeginNoTenantScope();
            var innermost = tenancy.BeginScope(Fabrikam);

            Assert.Throws<TenantScopeOrderException>(middle.Dispose);

            Assert.Equal(Contoso.Id, tenancy.Current.TenantId);
            innermost.Dispose();
            Assert.Equal(Contoso.Id, tenancy.Current.TenantId);
        }

        Assert.False(tenancy.Current.HasTenant);
    }

    [Fact]
    public async Task Flow_into_tasks_started_inside_a_scope()
    {
        var tenancy = Hub.Tenancy();
        Guid? seenByChild;

        using (tenancy.BeginScope(Contoso))
        {
            seenByChild = await Task.Run(() => tenancy.Current.TenantId);
        }

        Assert.Equal(Contoso.Id, seenByChild);
    }

    [Fact]
    public async Task Keep_1000_concurrent_flows_apart()
    {
        var tenancy = Hub.Tenancy();
        var tenants = Enumerable.Range(0, 1000).Select(i => Tenant.Create($"tenant-{i}", $"Tenant {i}")).ToArray();

        async Task<int> RunFlowAsync(Tenant tenant, Tenant nested)
        {
            var mismatches = 0;
            await Task.Yield();
            using (tenancy.BeginScope(tenant))
            {
                for (var step = 0; step < 5; step++)
                {
                    await Task.Delay(Random.Shared.Next(0, 3));
                    mismatches += tenancy.Current.TenantId == tenant.Id ? 0 : 1;
                    using (tenancy.BeginScope(nested))
                    {
                        await Task.Yield();
                        mismatches += tenancy.Current.TenantId == nested.Id ? 0 : 1;
                    }

                    mismatches += tenancy.Current.TenantId == tenant.Id ? 0 : 1;
                }
            }

            return mismatches + (tenancy.Current.HasTenant ? 1 : 0);
        }

        var results = await Task.WhenAll(tenants.Select((t, i) => Task.Run(() => RunFlowAsync(t, tenants[(i + 1) % tenants.Length]))));

        Assert.All(results, mismatches => Assert.Equal(0, mismatches));
        Assert.False(tenancy.Current.HasTenant);
    }

    [Fact]
    public void Empty_the_context_inside_a_no_tenant_scope()
    {
        var tenancy = Hub.Tenancy();

        using (tenancy.BeginScope(Contoso))
        {
            using (tenancy.BeginNoTenantScope())
            {
                Assert.Equal(TenantContextKind.None, tenancy.Current.Kind);
            }

            Assert.Equal(Contoso.Id, tenancy.Current.TenantId);
        }
    }

    [Fact]
    public void Tolerate_a_scope_disposed_twice()
    {
        var tenancy = Hub.Tenancy();
        using var outer = tenancy.BeginScope(Contoso);
        var inner = tenancy.BeginScope(Fabrikam);

        inner.Dispose();
        using (tenancy.BeginScope(Fabrikam))
        {
            inner.Dispose();
            Assert.Equal(Fabrikam.Id, tenancy.Current.TenantId);
        }

        Assert.Equal(Contoso.Id, tenancy.Current.TenantId);
    }

    [Fact]
    public async Task Record_a_cross_tenant_scope_in_the_outer_tenants_chain()
    {
        var hook = new RecordingAuditHook();
        await using var provider = Hub.Build(hub => hub.AddInMemoryTenantStore(), services => services.AddSingleton<IAuditHook>(hook));
        var tenancy = provider.GetRequiredService<ITenancy>();

        using (tenancy.BeginScope(Contoso))
        {
            using (tenancy.BeginCrossTenantScope("billing.monthly-rollup"))
            {
                Assert.True(tenancy.Current.IsCrossTenant);
                Assert.Null(tenancy.Current.TenantId);
                Assert.Equal("billing.monthly-rollup", tenancy.Current.CrossTenantScopeName);
            }

            Assert.Equal(Contoso.Id, tenancy.Current.TenantId);
        }

        await using var scope = provider.CreateAsyncScope();
        var audit = scope.ServiceProvider.GetRequiredService<IAuditLog>();
        await audit.FlushAsync();
        var recorded = Assert.Single(hook.Records);
        Assert.Equal(AuditActions.CrossTenantScopeOpened, recorded.Action);
        Assert.Equal("billing.monthly-rollup", recorded.TargetId);
        Assert.Equal(Contoso.Id, recorded.TenantId);
        Assert.Equal(1, recorded.Sequence);
        Assert.True((await audit.VerifyAsync(Contoso.Id)).IsIntact);
    }

    [Fact]
    public void Not_open_a_cross_tenant_scope_whose_name_cannot_be_recorded()
    {
        var tenancy = Hub.Tenancy();

        using (tenancy.BeginScope(Contoso))
        {
            Assert.Throws<InvalidAuditEntryException>(() => tenancy.BeginCrossTenantScope(new string('x', AuditEntry.MaxTextLength + 1)));
            Assert.Equal(Contoso.Id, tenancy.Current.TenantId);
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public void Require_a_name_for_a_cross_tenant_scope(string name)
    {
        var tenancy = Hub.Tenancy();

        Assert.Throws<ArgumentException>(() => tenancy.BeginCrossTenantScope(name));
        Assert.False(tenancy.Current.IsCrossTenant);
    }

    [Fact]
    public void Not_share_the_tenant_between_two_hosts_in_one_process()
    {
        var first = Hub.Tenancy();
        var second = Hub.Tenancy();

        using (first.BeginScope(Contoso))
        {
            Assert.False(second.Current.HasTenant);
        }
    }

    [Fact]
    public void Require_a_tenant_and_refuse_none_or_a_cross_tenant_scope()
    {
        var tenancy = Hub.Tenancy();

        var none = Assert.Throws<TenantRequiredException>(() => tenancy.Current.RequireTenant("automs"));
        Assert.Contains("automs", none.Message, StringComparison.Ordinal);
        Assert.Contains("BeginCrossTenantScope", none.Message, StringComparison.Ordinal);
        using (tenancy.BeginCrossTenantScope("report"))
        {
            // Already across tenants: the advice is a tenant scope, not another cross-tenant one.
            var across = Assert.Throws<TenantRequiredException>(() => tenancy.Current.RequireTenant("automs"));
            Assert.DoesNotContain("BeginCrossTenantScope", across.Message, StringComparison.Ordinal);
            Assert.Contains("tenancy.BeginScope(tenant)", across.Message, StringComparison.Ordinal);
        }

        using (tenancy.BeginScope(Contoso))
        {
            Assert.Same(Contoso, tenancy.Current.RequireTenant("automs"));
        }
    }
}
