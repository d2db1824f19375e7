namespace MspHub;

/// <summary>Thrown when adding a tenant would take the install past its tenant limit; nothing was added.</summary>
public sealed class TenantLimitExceededException : MspHubException
{
    /// <summary>Creates the exception for an install holding <paramref name="used"/> of <paramref name="max"/> tenants.</summary>
    /// <param name="used">The tenants that exist.</param>
    /// <param name="max">The most the install may hold.</param>
    /// <param name="limitReason">Why the limit is what it is (<see cref="ITenantLimit.MaxTenantsReason"/>); the message ends with it.</param>
    public TenantLimitExceededException(int used, int max, string? limitReason = null)
        : base($"Tenant limit reached: {used} of {max} tenants in use; {limitReason ?? "delete a tenant or install a licence that allows more"}.")
    {
        Used = used;
        Max = max;
        LimitReason = limitReason;
    }

    /// <summary>The tenants that exist.</summary>
    public int Used { get; }

    /// <summary>The most the install may hold.</summary>
    public int Max { get; }

    /// <summary>Why the limit is what it is (no valid licence, say), or <see langword="null"/>.</summary>
    public string? LimitReason { get; }
}
