namespace MspHub;

/// <summary>
/// Whether a tenant may be used. Suspension blocks access but keeps every row, so an MSP can stop a
/// client that has not paid and bring it back later without restoring anything.
/// </summary>
public enum TenantStatus
{
    /// <summary>The tenant can be resolved and used.</summary>
    Active = 0,

    /// <summary>The tenant's data is kept, but requests into it are refused.</summary>
    Suspended = 1,
}
