using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using MspHub.EntityFramework.Tests.Model;

namespace MspHub.EntityFramework.Tests.Diagnostics;

/// <summary>
/// MspHub's quota and lifecycle instruments and its spans, read with Microsoft's <see cref="MetricCollector{T}"/> from the
/// hub's own meter factory while the real EF Core stores do the work on a real database.
/// </summary>
public abstract class TelemetrySuite(DatabaseProvider provider) : IAsyncLifetime
{
    private TestHub _hub = null!;

    protected virtual Action<MspHubBuilder>? Configure => null;

    public async Task InitializeAsync() => _hub = await TestHub.CreateAsync(provider, configure: Configure);

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    private MetricCollector<T> Collect<T>(string instrument)
        where T : struct => new(_hub.Services.GetRequiredService<IMeterFactory>(), MspHubDiagnostics.Name, instrument);

    private async Task<bool> ConsumeAsync(Tenant tenant)
    {
        using var scope = _hub.Services.CreateScope();
        using (_hub.In(tenant))
        {
            var db = scope.ServiceProvider.GetRequiredService<HubTestDb>();
            await using var transaction = await db.Database.BeginTransactionAsync();
            try
            {
                await scope.ServiceProvider.GetRequiredService<IQuotaCounter>().ConsumeAsync("automs", 2);
            }
            catch (QuotaExceededException)
            {
                return false;
            }

            await transaction.CommitAsync();
            return true;
        }
    }

    private async Task<T> LifecycleAsync<T>(Func<ITenantLifecycle, Task<T>> operation)
    {
        using var scope = _hub.Services.CreateScope();
        return await operation(scope.ServiceProvider.GetRequiredService<ITenantLifecycle>());
    }

    private async Task SetLimitAsync(Tenant tenant, long limit)
    {
        using var scope = _hub.Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<IQuotaCounter>().SetLimitAsync(tenant.Id, "automs", limit);
    }

    [DatabaseFact]
    public async Task Count_quota_consumed_and_exceeded_by_quota()
    {
        await SetLimitAsync(_hub.A, 3);
        using var consumed = Collect<long>(MspHubDiagnostics.QuotaConsumedCounter);
        using var exceeded = Collect<long>(MspHubDiagnostics.QuotaExceededCounter);

        Assert.True(await ConsumeAsync(_hub.A));
        Assert.False(await ConsumeAsync(_hub.A));

        var measurement = Assert.Single(consumed.GetMeasurementSnapshot());
        Assert.Equal(2, measurement.Value);
        Assert.Equal(new Dictionary<string, object?> { ["quota"] = "automs" }, measurement.Tags);
        var refusal = Assert.Single(exceeded.GetMeasurementSnapshot());
        Assert.Equal(1, refusal.Value);
        Assert.Equal(new Dictionary<string, object?> { ["quota"] = "automs" }, refusal.Tags);
    }

    [DatabaseFact]
    public async Task Count_and_time_lifecycle_operations_by_operation_and_outcome()
    {
        using var operations = Collect<long>(MspHubDiagnostics.LifecycleOperationsCounter);
        using var durations = Collect<double>(MspHubDiagnostics.LifecycleDurationHistogram);

        await LifecycleAsync(l => l.SuspendAsync(_hub.B.Id));
        await Assert.ThrowsAsync<TenantNotFoundException>(() => LifecycleAsync(l => l.ReactivateAsync(Guid.NewGuid())));

        Assert.Collection(
            operations.GetMeasurementSnapshot(),
            success =>
            {
                Assert.Equal(1, success.Value);
                Assert.Equal(new Dictionary<string, object?> { ["operation"] = "suspend", ["outcome"] = "success" }, success.Tags);
            },
            refused =>
            {
                Assert.Equal(1, refused.Value);
                Assert.Equal(
                    new Dictionary<string, object?> { ["operation"] = "reactivate", ["outcome"] = "refused", ["error.type"] = typeof(TenantNotFoundException).FullName },
                    refused.Tags);
            });
        Assert.Equal(["suspend", "reactivate"], durations.GetMeasurementSnapshot().Select(m => m.Tags["operation"]));
        Assert.All(durations.GetMeasurementSnapshot(), m => Assert.True(m.Value >= 0));
    }

    [DatabaseFact]
    public async Task Leave_the_tenant_off_metrics_by_default()
    {
        using var operations = Collect<long>(MspHubDiagnostics.LifecycleOperationsCounter);

        await LifecycleAsync(l => l.SuspendAsync(_hub.A.Id));

        Assert.False(Assert.Single(operations.GetMeasurementSnapshot()).Tags.ContainsKey(MspHubDiagnostics.TenantTag));
    }

    [DatabaseFact]
    public async Task Trace_lifecycle_transfer_and_import_in_spans_on_the_MspHub_source()
    {
        var spans = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == MspHubDiagnostics.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        var system = $"psa-{Guid.NewGuid():N}";

        await LifecycleAsync(l => l.SuspendAsync(_hub.B.Id));
        await Assert.ThrowsAsync<TenantNotFoundException>(() => LifecycleAsync(l => l.SuspendAsync(Guid.NewGuid())));
        using (var scope = _hub.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<ITenantDataTransfer>().CopyAsync<Autom>(_hub.A.Id, a => a.Name == "none", [_hub.B.Id]);
            await scope.ServiceProvider.GetRequiredService<ITenantImport>().ImportAsync(new ImportBatch(system, [new ImportedTenant("T-1", $"t{Guid.NewGuid():N}"[..20], "Imported")], []));
        }

        // Other tests run in parallel on the same source: keep this test's spans, named by its tenants.
        var suspended = spans.Where(s => s.OperationName == "msphub.lifecycle.suspend").ToList();
        var ok = Assert.Single(suspended, s => Equals(s.GetTagItem(MspHubDiagnostics.TenantTag), _hub.B.Id));
        Assert.Equal(ActivityStatusCode.Unset, ok.Status);
        Assert.Contains(suspended, s => s.Status == ActivityStatusCode.Error && Equals(s.GetTagItem("error.type"), typeof(TenantNotFoundException).FullName));
        Assert.Contains(spans, s => s.OperationName == MspHubDiagnostics.TransferCopyActivity && Equals(s.GetTagItem(MspHubDiagnostics.TenantTag), _hub.A.Id));
        var import = spans.Where(s => s.OperationName == MspHubDiagnostics.ImportActivity).ToList();
        Assert.NotEmpty(import);
        Assert.Contains(spans, s => s.OperationName == "msphub.lifecycle.create" && import.Any(i => i.SpanId == s.ParentSpanId));
    }
}

public sealed class SqliteTelemetryShould() : TelemetrySuite(DatabaseProvider.Sqlite);

[RequiresPostgres]
public sealed class PostgresTelemetryShould() : TelemetrySuite(DatabaseProvider.Postgres);

/// <summary>The tenant as a metric tag, turned on, capped at one tenant: the second is tagged the overflow value.</summary>
public abstract class TenantTaggedTelemetrySuite(DatabaseProvider provider) : IAsyncLifetime
{
    private TestHub _hub = null!;

    public async Task InitializeAsync() => _hub = await TestHub.CreateAsync(
        provider,
        configure: hub => hub.Configure(o => o.Telemetry = new TelemetryOptions { IncludeTenantAttribute = true, MaxTenantAttributeValues = 1 }));

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    [DatabaseFact]
    public async Task Tag_the_first_tenants_and_fold_the_rest_into_the_overflow_value()
    {
        using var operations = new MetricCollector<long>(
            _hub.Services.GetRequiredService<IMeterFactory>(), MspHubDiagnostics.Name, MspHubDiagnostics.LifecycleOperationsCounter);

        foreach (var tenant in new[] { _hub.A, _hub.B, _hub.A })
        {
            using var scope = _hub.Services.CreateScope();
            await scope.ServiceProvider.GetRequiredService<ITenantLifecycle>().UpdateAsync(tenant.Id, tenant.Slug, tenant.Name + " (renamed)");
        }

        Assert.Equal(
            [_hub.A.Id.ToString(), MspHubDiagnostics.TenantOverflowValue, _hub.A.Id.ToString()],
            operations.GetMeasurementSnapshot().Select(m => m.Tags[MspHubDiagnostics.TenantTag]));
    }
}

public sealed class SqliteTenantTaggedTelemetryShould() : TenantTaggedTelemetrySuite(DatabaseProvider.Sqlite);

[RequiresPostgres]
public sealed class PostgresTenantTaggedTelemetryShould() : TenantTaggedTelemetrySuite(DatabaseProvider.Postgres);
