namespace MspHub;

/// <summary>A user's permissions in a tenant, with the user's access version they were computed at.</summary>
/// <param name="Permissions">The permissions, and whether the user may enter the tenant at all.</param>
/// <param name="AccessVersion">The user's <see cref="HubUser.AccessVersion"/> when the permissions were read from the store.</param>
public readonly record struct TenantAccess(PermissionSet Permissions, long AccessVersion);
