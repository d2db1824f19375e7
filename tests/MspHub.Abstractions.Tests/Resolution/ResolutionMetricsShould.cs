using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;

namespace MspHub.Tests.Resolution;

public class ResolutionMetricsShould
{
    [Fact]
    public async Task Count_resolutions_by_outcome_and_strategy()
    {
        var strategy = $"s{Guid.NewGuid():N}";
        var counts = new ConcurrentDictionary<(string Outcome, string Strategy), long>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == MspHubDiagnostics.Name && instrument.Name == MspHubDiagnostics.TenantResolutionsCounter)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            string? outcome = null, name = null;
            foreach (var tag in tags)
            {
                outcome = tag.Key == "outcome" ? tag.Value as string : outcome;
                name = tag.Key == "strategy" ? tag.Value as string : name;
            }

            // Other tests resolve concurrently; count only this test's uniquely named strategy.
            if (name == strategy)
            {
                counts.AddOrUpdate((outcome!, name), value, (_, v) => v + value);
            }
        });
        listener.Start();
        var resolver = Hub.Build(hub => hub
                .AddInMemoryTenantStore(Tenant.Create("contoso", "Contoso"))
                .ResolveTenantFrom<string?>(r => r.Add(strategy, s => s)))
            .GetRequiredService<ITenantResolver<string?>>();

        await resolver.ResolveAsync("contoso");
        await resolver.ResolveAsync("contoso");
        await resolver.ResolveAsync("nobody");

        Assert.Equal(2, counts.GetValueOrDefault(("resolved", strategy)));
        Assert.Equal(1, counts.GetValueOrDefault(("not_found", strategy)));
    }
}
