namespace MspHub.SampleHub.Data;

/// <summary>
/// What a technician asked for when an elevation waits for approval. MspHub keeps only a hash of the ask, and the
/// approval activates only the very same call, so the hub keeps the values to repeat it when the technician starts
/// the approved elevation. Keyed by the approval request's id; the tenant's own row.
/// </summary>
public sealed class ElevationAsk : ITenantOwned
{
    public Guid Id { get; set; }

    public Guid TenantId { get; set; }

    public Guid UserId { get; set; }

    /// <summary>The permissions asked for, comma-separated as <c>resource.action</c>.</summary>
    public required string Permissions { get; set; }

    public int Hours { get; set; }

    public required string Reason { get; set; }
}
