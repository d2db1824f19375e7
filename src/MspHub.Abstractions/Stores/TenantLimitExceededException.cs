namespace MspHub;

/// <summary>Thrown when adding a tenant would take the install past its tenant limit; nothing was added.</summary>
public sealed class TenantLimitExceededException : MspHubException
{
    /// <summary>Creates the exception for an install holding <paramref name="used"/> of <paramref name="max"/> tenants.</summary>
    public TenantLimitExceededException(int used, int max)
        : base($"Tenant limit reached: {used} of {max} tenants in use; delete a tenant or install a licence that allows more.")
    {
        Used = used;
        Max = max;
    }

    /// <summary>The tenants that exist.</summary>
    public int Used { get; }

    /// <summary>The most the install may hold.</summary>
    public int Max { get; }
}
