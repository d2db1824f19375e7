using System.Text.Json.Serialization;

namespace MspHub;

/// <summary>
/// Whether a tenant may be used. Suspension blocks access but keeps every row, so an MSP can stop a
/// client that has not paid and bring it back later without restoring anything. A deletion fences the
/// tenant with <see cref="Deleting"/> before it removes anything. Written by name in JSON (a number is still read).
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<TenantStatus>))]
public enum TenantStatus
{
    /// <summary>The tenant can be used.</summary>
    Active = 0,

    /// <summary>
    /// The tenant's data is kept, but it must not be used: resolution still finds it (so a caller can
    /// say "suspended" rather than "unknown"), and the request pipeline refuses it.
    /// </summary>
    Suspended = 1,

    /// <summary>
    /// The tenant is being deleted: the first step of a deletion, committed before any row is removed. Every
    /// entry check confirms the status with the store, so every node refuses the tenant at once (as unknown),
    /// not after its cache expires. Only a deletion moves a tenant out of this status, by finishing.
    /// </summary>
    Deleting = 2,
}
