namespace MspHub;

/// <summary>
/// Thrown when creating something would take a tenant past a quota. Nothing was counted; the caller's
/// transaction should be rolled back so the item it guards is not saved either.
/// </summary>
public sealed class QuotaExceededException : MspHubException
{
    /// <summary>Creates the exception for <paramref name="quota"/> in <paramref name="tenantId"/>.</summary>
    /// <param name="tenantId">The tenant.</param>
    /// <param name="quota">The quota's name.</param>
    /// <param name="used">How much was in use.</param>
    /// <param name="limit">The tenant's limit.</param>
    /// <param name="requested">How much more was asked for.</param>
    /// <param name="limitReason">Why the limit is what it is, when a cap sets it (<see cref="IQuotaDefaults.GetMaxLimitReason"/>); the message ends with it.</param>
    public QuotaExceededException(Guid tenantId, string quota, long used, long limit, long requested, string? limitReason = null)
        : base($"Quota '{quota}' exceeded: {used} of {limit} used; {limitReason ?? "raise the tenant's limit or remove items"}.")
    {
        TenantId = tenantId;
        Quota = quota;
        Used = used;
        Limit = limit;
        Requested = requested;
        LimitReason = limitReason;
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

    /// <summary>Why the limit is what it is (no valid licence, say), or <see langword="null"/>.</summary>
    public string? LimitReason { get; }
}
