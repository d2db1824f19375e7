using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Options;

namespace MspHub;

/// <summary>
/// MspHub's instruments, created once per service provider from the host's <see cref="IMeterFactory"/> (so each host,
/// and each test, sees only its own measurements), and its spans on the <see cref="MspHubDiagnostics.Name"/>
/// activity source. MspHub's packages record through it; a host that implements an MspHub interface itself (its own
/// <see cref="ITenantLifecycle"/>, say) can resolve it and record the same instruments. Every method checks that someone
/// listens before it builds tags, so with no listener a call costs a field read and allocates nothing.
/// </summary>
public sealed class MspHubTelemetry
{
    private static readonly object True = true;
    private static readonly object False = false;

    private readonly Counter<long> _resolutions;
    private readonly Counter<long> _entryRefusals;
    private readonly Counter<long> _denials;
    private readonly Counter<long> _quotaConsumed;
    private readonly Counter<long> _quotaExceeded;
    private readonly Counter<long> _cacheLookups;
    private readonly Counter<long> _lifecycleOperations;
    private readonly Histogram<double> _lifecycleDuration;
    private readonly TenantTagValues? _tenants;
    private readonly bool _tenantInBaggage;
    private readonly TimeProvider _time;

    internal MspHubTelemetry(IMeterFactory meterFactory, IOptions<MspHubOptions> options, TimeProvider time)
    {
        var meter = meterFactory.Create(new MeterOptions(MspHubDiagnostics.Name) { Version = Version });
        _resolutions = meter.CreateCounter<long>(
            MspHubDiagnostics.TenantResolutionsCounter, "{resolution}", "Tenant resolutions, by outcome and strategy.");
        _entryRefusals = meter.CreateCounter<long>(
            MspHubDiagnostics.EntryRefusalsCounter, "{refusal}", "Callers the tenant gate kept out of a tenant, by reason.");
        _denials = meter.CreateCounter<long>(
            MspHubDiagnostics.AccessDeniedCounter, "{request}", "Requests refused for a missing permission.");
        _quotaConsumed = meter.CreateCounter<long>(
            MspHubDiagnostics.QuotaConsumedCounter, "{item}", "Quota units consumed, by quota.");
        _quotaExceeded = meter.CreateCounter<long>(
            MspHubDiagnostics.QuotaExceededCounter, "{refusal}", "Creations refused because the tenant was at its quota, by quota.");
        _cacheLookups = meter.CreateCounter<long>(
            MspHubDiagnostics.CacheLookupsCounter, "{lookup}", "Cache look-ups, by cache and result (hit or miss).");
        _lifecycleOperations = meter.CreateCounter<long>(
            MspHubDiagnostics.LifecycleOperationsCounter, "{operation}", "Tenant lifecycle operations, by operation and outcome.");
        _lifecycleDuration = meter.CreateHistogram(
            MspHubDiagnostics.LifecycleDurationHistogram,
            "s",
            "How long tenant lifecycle operations take.",
            tags: null,
            new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300] });
        var telemetry = options.Value.Telemetry;
        _tenants = telemetry.IncludeTenantAttribute ? new TenantTagValues(telemetry.MaxTenantAttributeValues) : null;
        _tenantInBaggage = telemetry.TenantInBaggage;
        _time = time;
    }

    /// <summary>The activity source MspHub's spans start on; one per process, as listeners subscribe by name.</summary>
    internal static ActivitySource Source { get; } = new(MspHubDiagnostics.Name, Version);

    private static string? Version => typeof(MspHubTelemetry).Assembly.GetName().Version?.ToString();

    /// <summary>
    /// Counts a caller the tenant gate kept out of <paramref name="tenantId"/>, so a spike of refusals (a probing client,
    /// a suspended customer still calling) shows on a dashboard before anyone reads the audit chain.
    /// </summary>
    /// <param name="reason">Why, in lowercase snake case: refused, unknown, suspended or outdated.</param>
    /// <param name="tenantId">The tenant the caller named.</param>
    public void EntryRefused(string reason, Guid tenantId) => Add(_entryRefusals, 1, "reason", reason, tenantId);

    /// <summary>Counts a request refused for a missing permission, so denials per permission can be watched and alerted on.</summary>
    /// <param name="permission">The permission, as <c>resource.action</c>.</param>
    /// <param name="crossTenant">Whether the caller holds nothing at all in the tenant (an attempt at another tenant's data).</param>
    /// <param name="tenantId">The active tenant.</param>
    public void PermissionDenied(string permission, bool crossTenant, Guid tenantId)
    {
        if (_denials.Enabled)
        {
            var tags = new TagList { { "permission", permission }, { "cross_tenant", crossTenant ? True : False } };
            AddTenant(ref tags, tenantId);
            _denials.Add(1, tags);
        }
    }

    /// <summary>
    /// Counts <paramref name="amount"/> units of <paramref name="quota"/> consumed. A counter rather than a reading of usage:
    /// it costs nothing beyond the update that consumed, where reading usage would cost a query per creation.
    /// </summary>
    public void QuotaConsumed(string quota, long amount, Guid tenantId) => Add(_quotaConsumed, amount, "quota", quota, tenantId);

    /// <summary>Counts a creation refused because <paramref name="tenantId"/> is at its limit of <paramref name="quota"/>, the signal to sell or raise a limit.</summary>
    public void QuotaExceeded(string quota, Guid tenantId) => Add(_quotaExceeded, 1, "quota", quota, tenantId);

    /// <summary>
    /// Runs a tenant lifecycle operation inside a span named <see cref="MspHubDiagnostics.LifecycleActivityPrefix"/> plus
    /// <paramref name="operation"/>, and counts and times it by outcome: success, refused (an <see cref="MspHubException"/>,
    /// the caller's mistake) or error (anything else, the operator's problem).
    /// </summary>
    /// <param name="operation">One of <see cref="MspHubDiagnostics.LifecycleOperations"/>.</param>
    /// <param name="tenantId">The tenant operated on, if known before the operation runs.</param>
    /// <param name="body">The operation.</param>
    /// <typeparam name="T">What the operation returns.</typeparam>
    public async Task<T> LifecycleAsync<T>(string operation, Guid? tenantId, Func<Task<T>> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        var measured = _lifecycleOperations.Enabled || _lifecycleDuration.Enabled;
        var started = measured ? _time.GetTimestamp() : 0;
        using var activity = Source.HasListeners() ? StartActivity(MspHubDiagnostics.LifecycleActivityPrefix + operation, tenantId) : null;
        activity?.SetTag("msphub.operation", operation);
        var outcome = "success";
        string? errorType = null;
        try
        {
            return await body().ConfigureAwait(false);
        }
        catch (Exception failure)
        {
            (outcome, errorType) = (failure is MspHubException ? "refused" : "error", Fail(activity, failure));
            throw;
        }
        finally
        {
            if (measured)
            {
                var tags = new TagList { { "operation", operation }, { "outcome", outcome } };
                if (errorType is not null)
                {
                    tags.Add("error.type", errorType);
                }

                if (tenantId is { } id)
                {
                    AddTenant(ref tags, id);
                }

                _lifecycleOperations.Add(1, tags);
                _lifecycleDuration.Record(_time.GetElapsedTime(started).TotalSeconds, tags);
            }
        }
    }

    /// <summary>
    /// Runs <paramref name="body"/> inside a span named <paramref name="name"/> (transfers and imports: long, rare, worth
    /// seeing in a trace), marked as an error when it throws. Without a listener no span is started.
    /// </summary>
    /// <param name="name">The span name, one of the <see cref="MspHubDiagnostics"/> activity names.</param>
    /// <param name="tenantId">The tenant the work is for, tagged on the span.</param>
    /// <param name="body">The work.</param>
    /// <typeparam name="T">What the work returns.</typeparam>
#pragma warning disable CA1822 // An instance method, like the rest of this type, so callers reach every instrument through the one service.
    public async Task<T> TraceAsync<T>(string name, Guid? tenantId, Func<Task<T>> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        using var activity = StartActivity(name, tenantId);
        try
        {
            return await body().ConfigureAwait(false);
        }
        catch (Exception failure)
        {
            Fail(activity, failure);
            throw;
        }
    }
#pragma warning restore CA1822

    /// <summary>Counts a resolution, and puts the tenant in baggage when the host asked for it.</summary>
    internal void TenantResolved(string outcome, string? strategy, Tenant? tenant)
    {
        if (_resolutions.Enabled)
        {
            var tags = new TagList { { "outcome", outcome }, { "strategy", strategy } };
            if (tenant is not null)
            {
                AddTenant(ref tags, tenant.Id);
            }

            _resolutions.Add(1, tags);
        }

        if (_tenantInBaggage && tenant is not null && Activity.Current is { } current)
        {
            current.SetBaggage(MspHubDiagnostics.TenantBaggageKey, tenant.Id.ToString());
        }
    }

    /// <summary>Counts a cache look-up; <paramref name="cache"/> is a constant, so a hit allocates nothing.</summary>
    internal void CacheLookup(string cache, bool hit)
    {
        if (_cacheLookups.Enabled)
        {
            _cacheLookups.Add(1, new("cache", cache), new("result", hit ? "hit" : "miss"));
        }
    }

    private static Activity? StartActivity(string name, Guid? tenantId)
    {
        var activity = Source.StartActivity(name, ActivityKind.Internal);
        if (activity is not null && tenantId is { } id)
        {
            activity.SetTag(MspHubDiagnostics.TenantTag, id);
        }

        return activity;
    }

    private static string Fail(Activity? activity, Exception failure)
    {
        var errorType = failure.GetType().FullName ?? failure.GetType().Name;
        activity?.SetStatus(ActivityStatusCode.Error, failure.Message);
        activity?.SetTag("error.type", errorType);
        return errorType;
    }

    private void Add(Counter<long> counter, long value, string key, string tag, Guid tenantId)
    {
        if (counter.Enabled)
        {
            var tags = new TagList { { key, tag } };
            AddTenant(ref tags, tenantId);
            counter.Add(value, tags);
        }
    }

    private void AddTenant(ref TagList tags, Guid tenantId)
    {
        if (_tenants is not null)
        {
            tags.Add(MspHubDiagnostics.TenantTag, _tenants.For(tenantId));
        }
    }
}
