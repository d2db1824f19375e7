namespace MspHub;

/// <summary>
/// Whether a tenant may be used. Suspension blocks access but keeps every row, so an MSP can stop a
/// client that has not paid and bring it back later without restoring anything.
/// </summary>
public enum TenantStatus
{
    /// <summary>The tenant can be used.</summary>
    Active = 0,

    /// <summary>
    /// The tenant's data is kept, but it must not be used: resolution still finds it (so a caller can
    /// say "suspended" rather than "unknown"), and the request pipeline refuses it.
    /// </summary>
    Suspended = 1,
}
