namespace MspHub.AspNetCore;

/// <summary>What <see cref="ITenantGate"/> decided, with the permissions the caller holds in the tenant when it may act there.</summary>
/// <param name="Outcome">The decision.</param>
/// <param name="Permissions">
/// What the caller holds in the tenant when <paramref name="Outcome"/> is <see cref="TenantGateOutcome.Allowed"/>
/// or <see cref="TenantGateOutcome.Suspended"/>: a user's permissions, or an API key's (those it was granted that
/// its creator still holds); <see langword="null"/> otherwise.
/// </param>
public readonly record struct TenantGateDecision(TenantGateOutcome Outcome, PermissionSet? Permissions)
{
    /// <summary>Whether the caller may act in the tenant.</summary>
    public bool IsAllowed => Outcome == TenantGateOutcome.Allowed;

    /// <summary>Whether the caller may act in the tenant and holds <paramref name="permission"/> there.</summary>
    public bool Holds(PermissionId permission) => IsAllowed && Permissions!.Contains(permission);

    internal static TenantGateDecision Refused { get; } = new(TenantGateOutcome.Refused, null);

    internal static TenantGateDecision Unknown { get; } = new(TenantGateOutcome.Unknown, null);

    internal static TenantGateDecision Outdated { get; } = new(TenantGateOutcome.Outdated, null);
}
