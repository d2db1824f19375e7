namespace MspHub.EntityFramework;

/// <summary>One tenant's counter for one quota.</summary>
internal sealed class QuotaCounterRow
{
    public Guid TenantId { get; set; }

    public required string Quota { get; set; }

    public long Used { get; set; }

    public long? LimitOverride { get; set; }

    /// <summary>The limit this tenant and the tenants under it have when they set none nearer.</summary>
    public long? SubtreeLimit { get; set; }
}
