namespace MspHub.AspNetCore;

/// <summary>What <see cref="ITenantGate"/> decided.</summary>
public enum TenantGateOutcome
{
    /// <summary>The caller may act in the tenant.</summary>
    Allowed,

    /// <summary>
    /// The caller may not act in the tenant, or the tenant does not exist and the caller may not learn
    /// that: the two read the same, so tenant ids and slugs cannot be probed.
    /// </summary>
    Refused,

    /// <summary>The tenant does not exist (or is being deleted); decided only for callers who may enter every tenant (MSP admins).</summary>
    Unknown,

    /// <summary>The caller could act in the tenant, but it is suspended.</summary>
    Suspended,

    /// <summary>The session token was issued before its user's access changed: a fresh one is needed.</summary>
    Outdated,
}
