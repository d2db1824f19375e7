namespace MspHub;

/// <summary>Where a <see cref="TenantInvitation"/> stands. Expiry is not a state: an invitation is open while it is pending and unexpired.</summary>
public enum TenantInvitationState
{
    /// <summary>Waiting for the invited user's answer (until it expires).</summary>
    Pending,

    /// <summary>The invited user accepted it and became a member; it cannot be used again.</summary>
    Accepted,

    /// <summary>The invited user declined it.</summary>
    Declined,

    /// <summary>The tenant withdrew it, or replaced it with a newer invitation of the same user.</summary>
    Revoked,
}
