using Microsoft.EntityFrameworkCore;
using MspHub.SampleHub.Data;
using MspHub.SampleHub.Hosting;

namespace MspHub.SampleHub.Operations.Team;

/// <summary>
/// The tenant side of invitations, through <see cref="ITenantInvitations"/>. People are invited by their sign-in name: a name
/// nobody has yet gets a hub user and an account without a password, which the invitee chooses when accepting. The answer
/// is the same whoever the name belongs to (another tenant's user, MSP staff, nobody yet), as MspHub's is for ids, so
/// inviting tells a tenant nothing about who exists; an invitation MSP staff receive simply cannot be accepted.
/// </summary>
public sealed class InvitationOperations(
    ITenantInvitations invitations, IInvitationStore store, TeamOperations team, IMspAccessManager msp, SampleDb db, CurrentSession session, TimeProvider time)
{
    public async Task<IReadOnlyList<PendingInvitation>> ListPendingAsync(CancellationToken cancellationToken)
    {
        var pending = await invitations.ListPendingAsync(team.Tenant.Id, cancellationToken);
        var ids = pending.Select(i => i.InvitedUserId).ToList();
        var names = await db.Accounts.AsNoTracking().Where(a => ids.Contains(a.UserId)).ToDictionaryAsync(a => a.UserId, a => a.UserName, cancellationToken);
        return [.. pending.Select(i => new PendingInvitation(i, names.GetValueOrDefault(i.InvitedUserId, "(unknown)")))];
    }

    public async Task<TenantInvitation> InviteAsync(string? userName, IReadOnlyList<string> roles, CancellationToken cancellationToken)
    {
        await session.DemandAsync(Perm.UsersUpdate, cancellationToken);
        var name = Input.UserName(userName);
        if (roles.Count == 0)
        {
            throw new ArgumentException("Choose at least one role to offer.");
        }

        await team.RequireAssignableAsync(roles, cancellationToken);

        // One transaction (MspHub's stores join it): a new account, its inviting tenant and the invitation commit together,
        // so no other tenant ever sees the account before the invitation that may choose its password exists.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var userId = await db.Accounts.UserIdOfAsync(name, cancellationToken) ?? await AddInviteeAsync(name, cancellationToken);
        var invitation = await invitations.InviteAsync(team.Tenant.Id, userId, roles, session.UserId, cancellationToken);
        await ClaimIfReleasedAsync(invitation, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return invitation;
    }

    public async Task<string> RevokeAsync(Guid invitationId, CancellationToken cancellationToken)
    {
        await session.DemandAsync(Perm.UsersUpdate, cancellationToken);
        return await invitations.RevokeAsync(team.Tenant.Id, invitationId, cancellationToken)
            ? "Invitation withdrawn: its link no longer works."
            : throw new ArgumentException("That invitation is no longer open; it may have been accepted, withdrawn or have expired meanwhile.");
    }

    // A passwordless account whose inviting tenant has no open invitation for it any more (withdrawn, declined, expired,
    // or the tenant gone) passes to the tenant inviting it now, so no tenant can keep a name for ever by inviting it once.
    private async Task ClaimIfReleasedAsync(TenantInvitation invitation, CancellationToken cancellationToken)
    {
        var account = await db.Accounts.SingleAsync(a => a.UserId == invitation.InvitedUserId, cancellationToken);
        if (account.PasswordHash.Length > 0 || account.InvitingTenantId == invitation.TenantId)
        {
            return;
        }

        var open = await store.ListOpenInvitationsForUserAsync(account.UserId, time.GetUtcNow(), cancellationToken);
        if (!open.Any(i => i.TenantId == account.InvitingTenantId))
        {
            account.InvitingTenantId = invitation.TenantId;
            await db.SaveChangesAsync(cancellationToken);
        }
    }

    // A user with no system role and an account without a password: nobody can sign in as them until they accept.
    private async Task<Guid> AddInviteeAsync(string name, CancellationToken cancellationToken)
    {
        var user = HubUser.Create(name);
        await msp.AddUserAsync(user, cancellationToken);
        db.Accounts.Add(new DemoAccount { UserId = user.Id, UserName = name, PasswordHash = "", InvitingTenantId = team.Tenant.Id });
        await db.SaveChangesAsync(cancellationToken);
        return user.Id;
    }
}
