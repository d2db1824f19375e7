namespace MspHub;

/// <summary>
/// Thrown when a tenant's data is changed while its placement refuses writes: it is read-only, or a move is in the
/// short phase where writes are fenced. Nothing was written. The refusal is temporary, so HTTP hosts answer 503 with
/// <c>Retry-After</c> instead of an error the caller cannot act on.
/// </summary>
public sealed class TenantReadOnlyException : MspHubException
{
    /// <summary>Creates the exception for <paramref name="tenantId"/>, whose placement is in <paramref name="state"/>.</summary>
    /// <param name="tenantId">The tenant whose write was refused.</param>
    /// <param name="state">Its placement's state.</param>
    /// <param name="retryAfter">How long the caller should wait before trying again.</param>
    public TenantReadOnlyException(Guid tenantId, PlacementState state, TimeSpan retryAfter)
        : base(state == PlacementState.Moving
            ? $"Tenant '{tenantId}' is being moved to another database and takes no writes for a moment. Nothing was changed; retry shortly."
            : $"Tenant '{tenantId}' is read-only for now. Nothing was changed; retry later.")
    {
        TenantId = tenantId;
        State = state;
        RetryAfter = retryAfter;
    }

    /// <summary>The tenant whose write was refused.</summary>
    public Guid TenantId { get; }

    /// <summary>Its placement's state: <see cref="PlacementState.ReadOnly"/> or <see cref="PlacementState.Moving"/>.</summary>
    public PlacementState State { get; }

    /// <summary>How long the caller should wait before trying again.</summary>
    public TimeSpan RetryAfter { get; }
}
