using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace MspHub.Abstractions.Tests.Diagnostics;

/// <summary>
/// The core's instruments (resolutions, tenant and permission cache look-ups), read with <see cref="MetricCollector{T}"/>
/// from each hub's own meter factory, so tests running side by side never see each other's measurements.
/// </summary>
public class TelemetryShould
{
    private static readonly Tenant Contoso = Tenant.Create("contoso", "Contoso");
    private static readonly Tenant Fabrikam = Tenant.Create("fabrikam", "Fabrikam");

    private static ServiceProvider Build(Action<MspHubOptions>? configure = null) => Hub.Build(hub =>
    {
        hub.AddInMemoryTenantStore(Contoso, Fabrikam).ResolveTenantFrom<string?>(r => r.Add("raw", s => s));
        if (configure is not null)
        {
            hub.Configure(configure);
        }
    });

    private static MetricCollector<long> Collect(IServiceProvider services, string instrument) =>
        new(services.GetRequiredService<IMeterFactory>(), MspHubDiagnostics.Name, instrument);

    [Fact]
    public async Task Count_resolutions_by_outcome_and_strategy()
    {
        await using var services = Build();
        using var resolutions = Collect(services, MspHubDiagnostics.TenantResolutionsCounter);
        var resolver = services.GetRequiredService<ITenantResolver<string?>>();

        await resolver.ResolveAsync("contoso");
        await resolver.ResolveAsync("nobody");
        await resolver.ResolveAsync(null);

        Assert.Equal(
            [
                ("resolved", (object?)"raw"),
                ("not_found", "raw"),
                ("no_identifier", null),
            ],
            resolutions.GetMeasurementSnapshot().Select(m => ((string)m.Tags["outcome"]!, m.Tags["strategy"])));
        Assert.All(resolutions.GetMeasurementSnapshot(), m => Assert.Equal(1, m.Value));
    }

    [Fact]
    public async Task Count_one_miss_then_hits_for_the_tenant_cache()
    {
        await using var services = Build();
        using var lookups = Collect(services, MspHubDiagnostics.CacheLookupsCounter);
        var resolver = services.GetRequiredService<ITenantResolver<string?>>();

        await resolver.ResolveAsync("contoso");
        await resolver.ResolveAsync("contoso");
        await resolver.ResolveAsync("contoso");

        Assert.Equal(
            [("tenant", "miss"), ("tenant", "hit"), ("tenant", "hit")],
            lookups.GetMeasurementSnapshot().Select(m => ((string)m.Tags["cache"]!, (string)m.Tags["result"]!)));
    }

    [Fact]
    public async Task Count_one_miss_then_a_hit_for_the_permission_cache()
    {
        var user = HubUser.Create("alice");
        var store = new InMemoryAccessStore();
        await store.AddUserAsync(user);
        await store.SaveMembershipAsync(new Membership { UserId = user.Id, TenantId = Contoso.Id });
        await using var services = Hub.Build(
            hub => hub.AddInMemoryTenantStore(Contoso).AddPermissions(p => p.Resource("automs").Actions(PermissionActions.All)),
            s => s.AddSingleton<IAccessStore>(store));
        using var lookups = Collect(services, MspHubDiagnostics.CacheLookupsCounter);
        var evaluator = services.GetRequiredService<IPermissionEvaluator>();

        await evaluator.GetPermissionsAsync(user.Id, Contoso.Id);
        await evaluator.GetPermissionsAsync(user.Id, Contoso.Id);

        Assert.Equal(
            [("permission", "miss"), ("permission", "hit")],
            lookups.GetMeasurementSnapshot().Where(m => Equals(m.Tags["cache"], "permission")).Select(m => ((string)m.Tags["cache"]!, (string)m.Tags["result"]!)));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Resolve_a_warm_tenant_without_allocating_whether_or_not_a_listener_records(bool listening)
    {
        await using var services = Build();
        var factory = services.GetRequiredService<IMeterFactory>();
        long recorded = 0;
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (listening && instrument.Meter.Scope == factory)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref recorded, value));
        listener.Start();
        var resolver = services.GetRequiredService<ITenantResolver<string?>>();
        Assert.True((await resolver.ResolveAsync("contoso")).IsResolved);
        var warmed = Interlocked.Read(ref recorded);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1_000; i++)
        {
            var resolution = resolver.ResolveAsync("contoso");
            Assert.True(resolution.IsCompletedSuccessfully);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        // A resolution and a cache hit per call when listening; nothing otherwise.
        Assert.Equal(listening ? 2_000 : 0, Interlocked.Read(ref recorded) - warmed);
    }

    [Fact]
    public async Task Leave_the_tenant_off_metrics_and_baggage_by_default()
    {
        await using var services = Build();
        using var resolutions = Collect(services, MspHubDiagnostics.TenantResolutionsCounter);
        using var request = new Activity("request").Start();

        await services.GetRequiredService<ITenantResolver<string?>>().ResolveAsync("contoso");

        Assert.False(Assert.Single(resolutions.GetMeasurementSnapshot()).Tags.ContainsKey(MspHubDiagnostics.TenantTag));
        Assert.Null(request.GetBaggageItem(MspHubDiagnostics.TenantBaggageKey));
    }

    [Fact]
    public async Task Tag_the_first_tenants_then_the_overflow_value_when_the_tenant_attribute_is_on()
    {
        await using var services = Build(o => o.Telemetry = new TelemetryOptions { IncludeTenantAttribute = true, MaxTenantAttributeValues = 1 });
        using var resolutions = Collect(services, MspHubDiagnostics.TenantResolutionsCounter);
        var resolver = services.GetRequiredService<ITenantResolver<string?>>();

        await resolver.ResolveAsync("contoso");
        await resolver.ResolveAsync("fabrikam");
        await resolver.ResolveAsync("contoso");

        Assert.Equal(
            [Contoso.Id.ToString(), MspHubDiagnostics.TenantOverflowValue, Contoso.Id.ToString()],
            resolutions.GetMeasurementSnapshot().Select(m => m.Tags[MspHubDiagnostics.TenantTag]));
    }

    [Fact]
    public async Task Put_the_resolved_tenant_in_the_current_activitys_baggage_when_asked()
    {
        await using var services = Build(o => o.Telemetry.TenantInBaggage = true);
        using var request = new Activity("request").Start();

        await services.GetRequiredService<ITenantResolver<string?>>().ResolveAsync("contoso");

        Assert.Equal(Contoso.Id.ToString(), request.GetBaggageItem(MspHubDiagnostics.TenantBaggageKey));
    }

    [Fact]
    public async Task Tag_metrics_and_baggage_with_the_tenant_as_the_docs_show()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        // docs: operations.md#metrics-and-traces
        builder.Services.AddMspHub(hub => hub
            .AddInMemoryTenantStore(Contoso, Fabrikam)
            .ResolveTenantFrom<string?>(r => r.Add("raw", s => s))
            .Configure(o =>
            {
                o.Telemetry.IncludeTenantAttribute = true; // off by default: one series per tenant per metric
                o.Telemetry.MaxTenantAttributeValues = 50; // the 51st tenant and later are tagged "_other"
                o.Telemetry.TenantInBaggage = true;        // sent to every service this one calls
            }));
        // end docs
        using var host = builder.Build();
        await host.StartAsync();
        using var resolutions = Collect(host.Services, MspHubDiagnostics.TenantResolutionsCounter);
        using var request = new Activity("request").Start();

        await host.Services.GetRequiredService<ITenantResolver<string?>>().ResolveAsync("fabrikam");
        await host.StopAsync();

        Assert.Equal(Fabrikam.Id.ToString(), Assert.Single(resolutions.GetMeasurementSnapshot()).Tags[MspHubDiagnostics.TenantTag]);
        Assert.Equal(Fabrikam.Id.ToString(), request.GetBaggageItem(MspHubDiagnostics.TenantBaggageKey));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(10_001)]
    public async Task Fail_at_start_up_for_a_tenant_attribute_limit_out_of_range(int limit)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddMspHub(hub => hub.AddInMemoryTenantStore().Configure(o => o.Telemetry.MaxTenantAttributeValues = limit));
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains($"MspHub:Telemetry:MaxTenantAttributeValues is {limit}; set it between 1 and 10000", error.Message, StringComparison.Ordinal);
    }
}
