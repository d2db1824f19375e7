namespace MspHub;

/// <summary>
/// The names MspHub publishes traces and metrics under, public so a host can subscribe to them and dashboards can name
/// them without copying strings. Subscribe with OpenTelemetry's <c>AddSource(MspHubDiagnostics.Name)</c> and
/// <c>AddMeter(MspHubDiagnostics.Name)</c>. Instruments follow OpenTelemetry's naming: <c>msphub.*</c>, units in braces,
/// lowercase snake-case tags; see <see cref="MspHubTelemetry"/> for what each one records.
/// </summary>
public static class MspHubDiagnostics
{
    /// <summary>The name of MspHub's <see cref="System.Diagnostics.ActivitySource"/> and meter.</summary>
    public const string Name = "MspHub";

    /// <summary>Counter of tenant resolutions, tagged <c>outcome</c> (resolved, not_found, no_identifier) and <c>strategy</c>.</summary>
    public const string TenantResolutionsCounter = "msphub.tenant.resolutions";

    /// <summary>
    /// Counter of callers the tenant gate kept out of a tenant, tagged <c>reason</c> (refused, unknown, suspended,
    /// outdated) (MspHub.AspNetCore).
    /// </summary>
    public const string EntryRefusalsCounter = "msphub.tenant.entry_refusals";

    /// <summary>Counter of requests refused for a missing permission, tagged <c>permission</c> and <c>cross_tenant</c> (MspHub.AspNetCore).</summary>
    public const string AccessDeniedCounter = "msphub.access.denied";

    /// <summary>
    /// Counter of quota units consumed, tagged <c>quota</c> (MspHub.EntityFramework). Counted when the conditional update
    /// succeeds, so a claim its caller later rolls back is still counted: read it as demand, not as usage.
    /// </summary>
    public const string QuotaConsumedCounter = "msphub.quota.consumed";

    /// <summary>Counter of creations refused because the tenant was at its limit, tagged <c>quota</c> (MspHub.EntityFramework).</summary>
    public const string QuotaExceededCounter = "msphub.quota.exceeded";

    /// <summary>Counter of cache look-ups, tagged <c>cache</c> (tenant, permission) and <c>result</c> (hit, miss).</summary>
    public const string CacheLookupsCounter = "msphub.cache.lookups";

    /// <summary>
    /// Counter of tenant lifecycle operations, tagged <c>operation</c> (create, update, move, suspend, reactivate, delete),
    /// <c>outcome</c> (success, refused, error) and, when not a success, <c>error.type</c>.
    /// </summary>
    public const string LifecycleOperationsCounter = "msphub.lifecycle.operations";

    /// <summary>Histogram of how long tenant lifecycle operations take, in seconds, with the tags of <see cref="LifecycleOperationsCounter"/>.</summary>
    public const string LifecycleDurationHistogram = "msphub.lifecycle.duration";

    /// <summary>The activity started around a tenant resolution that had to go to the store.</summary>
    public const string ResolveTenantActivity = "msphub.resolve_tenant";

    /// <summary>The prefix of lifecycle spans: <c>msphub.lifecycle.create</c>, <c>msphub.lifecycle.delete</c> and so on.</summary>
    public const string LifecycleActivityPrefix = "msphub.lifecycle.";

    /// <summary>The span around <see cref="ITenantDataTransfer.MoveAsync{TEntity}"/>.</summary>
    public const string TransferMoveActivity = "msphub.transfer.move";

    /// <summary>The span around <see cref="ITenantDataTransfer.CopyAsync{TEntity}"/>.</summary>
    public const string TransferCopyActivity = "msphub.transfer.copy";

    /// <summary>The span around <see cref="ITenantDataTransfer.MergeAsync"/>.</summary>
    public const string TransferMergeActivity = "msphub.transfer.merge";

    /// <summary>The span around <see cref="ITenantImport.ImportAsync"/>.</summary>
    public const string ImportActivity = "msphub.import";

    /// <summary>
    /// The metric tag that carries the tenant when <see cref="TelemetryOptions.IncludeTenantAttribute"/> is on, and the
    /// span tag that always carries it.
    /// </summary>
    public const string TenantTag = "msphub.tenant.id";

    /// <summary>The baggage key the active tenant's id travels under when <see cref="TelemetryOptions.TenantInBaggage"/> is on.</summary>
    public const string TenantBaggageKey = "msphub.tenant.id";

    /// <summary>The value the tenant tag takes once <see cref="TelemetryOptions.MaxTenantAttributeValues"/> tenants have been tagged.</summary>
    public const string TenantOverflowValue = "_other";

    /// <summary>The operation names the lifecycle instruments and spans use, so a dashboard can filter on them.</summary>
    public static class LifecycleOperations
    {
        /// <summary><see cref="ITenantLifecycle.CreateAsync"/>.</summary>
        public const string Create = "create";

        /// <summary><see cref="ITenantLifecycle.UpdateAsync"/>.</summary>
        public const string Update = "update";

        /// <summary><see cref="ITenantLifecycle.MoveAsync"/>.</summary>
        public const string Move = "move";

        /// <summary><see cref="ITenantLifecycle.SuspendAsync"/>.</summary>
        public const string Suspend = "suspend";

        /// <summary><see cref="ITenantLifecycle.ReactivateAsync"/>.</summary>
        public const string Reactivate = "reactivate";

        /// <summary><see cref="ITenantLifecycle.DeleteAsync"/>.</summary>
        public const string Delete = "delete";
    }
}
