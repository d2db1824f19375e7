namespace MspHub;

/// <summary>
/// Thrown when a user accepts or declines an invitation they cannot answer: it does not exist, is addressed to
/// someone else, has expired, was already accepted, declined or revoked, its tenant is gone or suspended, or the
/// user is MSP staff or inactive. One message for all, so an invitation id cannot be probed. Nothing has changed.
/// </summary>
public sealed class InvitationNotAvailableException : MspHubException
{
    /// <summary>Creates the exception for <paramref name="invitationId"/>.</summary>
    public InvitationNotAvailableException(Guid invitationId)
        : base("There is no open invitation with this id for you. It may have expired or been answered or withdrawn; ask the tenant to invite you again.")
    {
        InvitationId = invitationId;
    }

    /// <summary>The invitation id that was answered.</summary>
    public Guid InvitationId { get; }
}
