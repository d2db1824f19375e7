using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using MspHub.AspNetCore;
using MspHub.SampleHub.Data;
using MspHub.SampleHub.Hosting;

namespace MspHub.SampleHub.Operations.Team;

/// <summary>
/// The invitee's side of an invitation link: what it offers, and accepting it through <see cref="ITenantInvitations.AcceptAsync"/>
/// as the invited user, proved by their password, or, for someone invited by a name nobody had, by the link itself, where
/// they choose their password. Accepting signs them in to the tenant they joined.
/// </summary>
public sealed class InvitationAcceptance(
    IInvitationStore store, ITenantInvitations invitations, ITenantStore tenants, SampleDb db, IPasswordHasher<DemoAccount> hasher, HubSignIn signIn, TimeProvider time)
{
    public const int MinPasswordLength = 8;

    public async Task<InvitationLink> FindAsync(Guid invitationId, CancellationToken cancellationToken)
    {
        if (await store.FindInvitationAsync(invitationId, cancellationToken) is not { } invitation)
        {
            return InvitationLink.Unknown;
        }

        var tenant = await tenants.FindByIdAsync(invitation.TenantId, cancellationToken);
        var account = await db.Accounts.AsNoTracking().SingleOrDefaultAsync(a => a.UserId == invitation.InvitedUserId, cancellationToken);
        return new InvitationLink(invitation, tenant, account, Closed(invitation, tenant));
    }

    /// <summary>Accepts the invitation as its invitee; the session token in the tenant they joined.</summary>
    /// <exception cref="InvitationNotAvailableException">The invitation cannot be accepted (MspHub's one answer for every reason).</exception>
    /// <exception cref="ArgumentException">The password is wrong, or a new one too short.</exception>
    public async Task<(SessionToken Token, Tenant Tenant, Membership Membership)> AcceptAsync(Guid invitationId, string password, CancellationToken cancellationToken)
    {
        var link = await FindAsync(invitationId, cancellationToken);
        var account = link.Account is { } found ? await db.Accounts.SingleAsync(a => a.UserId == found.UserId, cancellationToken) : null;
        if (link.Closed is not null || account is null || link.WaitsForPassword)
        {
            throw new InvitationNotAvailableException(invitationId);
        }

        if (link.ChoosesPassword && password.Length < MinPasswordLength)
        {
            throw new ArgumentException($"Choose a password of at least {MinPasswordLength} characters.");
        }

        if (!link.ChoosesPassword && hasher.VerifyHashedPassword(account, account.PasswordHash, password) == PasswordVerificationResult.Failed)
        {
            throw new ArgumentException($"The password is wrong for {account.UserName}.");
        }

        var membership = await invitations.AcceptAsync(account.UserId, invitationId, cancellationToken);
        if (link.ChoosesPassword)
        {
            // Only once the invitation is theirs: a refused acceptance leaves the account as it was.
            account.PasswordHash = hasher.HashPassword(account, password);
            await db.SaveChangesAsync(cancellationToken);
        }

        var token = await signIn.SwitchAsync(account.UserId, membership.TenantId.ToString(), null, cancellationToken);
        return (token, link.Tenant!, membership);
    }

    private string? Closed(TenantInvitation invitation, Tenant? tenant) => invitation.State switch
    {
        TenantInvitationState.Accepted => "This invitation was already used: it works once. Sign in instead.",
        TenantInvitationState.Revoked => "This invitation was withdrawn by the tenant.",
        TenantInvitationState.Declined => "This invitation was declined.",
        _ when invitation.ExpiresAt <= time.GetUtcNow() => $"This invitation expired on {invitation.ExpiresAt:yyyy-MM-dd HH:mm} UTC.",
        _ when tenant is not { Status: TenantStatus.Active } => "The tenant that sent this invitation is not available.",
        _ => null,
    };
}
