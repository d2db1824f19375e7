using Microsoft.AspNetCore.Authorization;

namespace MspHub.AspNetCore;

/// <summary>
/// Requires the caller to be allowed into the active tenant by <see cref="ITenantGate"/>, with no particular
/// permission: for endpoints every member of a tenant may use. Fails when no tenant is active.
/// Added to an endpoint by <c>RequireTenantEntry()</c>.
/// </summary>
public sealed class TenantEntryRequirement : IAuthorizationRequirement
{
    /// <summary>The one instance: the requirement has no settings.</summary>
    public static TenantEntryRequirement Instance { get; } = new();

    private TenantEntryRequirement()
    {
    }

    /// <inheritdoc />
    public override string ToString() => "entry to the active tenant";
}
