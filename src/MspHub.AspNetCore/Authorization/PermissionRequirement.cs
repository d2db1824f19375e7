using Microsoft.AspNetCore.Authorization;

namespace MspHub.AspNetCore;

/// <summary>Requires the signed-in user to hold <see cref="Permission"/> in the active tenant.</summary>
/// <param name="permission">The permission to require.</param>
public sealed class PermissionRequirement(Permission permission) : IAuthorizationRequirement
{
    /// <summary>The permission required.</summary>
    public Permission Permission { get; } = permission;

    /// <inheritdoc />
    public override string ToString() => $"permission '{Permission}'";
}
