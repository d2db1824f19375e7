namespace MspHub;

/// <summary>
/// Thrown when creating something would take a tenant past a quota. Nothing was counted; the caller's
/// transaction should be rolled back so the item it guards is not saved either.
/// </summary>
public sealed class QuotaExceededException : MspHubException
{
    /// <summary>Creates the exception for <paramref name="quota"/> in <paramref name="tenantId"/>.</summary>
    public QuotaExceededException(Guid tenantId, string quota, long used, long limit, long requested)
        : base($"Quota '{quota}' exceeded: {used} of {limit} used; raise the tenant's limit or remove items.")
    {
        TenantId = tenantId;
        Quota = quota;
        Used = used;
        Limit = limit;
        Requested = requested;
    }

    /// <summary>The tenant.</summary>
    public Guid TenantId { get; }

    /// <summary>The quota's name, for example <c>automs</c>.</summary>
    public string Quota { get; }

    /// <summary>How much was in use.</summary>
    public long Used { get; }

    /// <summary>The tenant's limit.</summary>
    public long Limit { get; }

    /// <summary>How much more was asked for.</summary>
    public long Requested { get; }
}
