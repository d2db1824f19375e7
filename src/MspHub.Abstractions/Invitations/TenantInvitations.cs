using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace MspHub;

/// <summary>
/// The default <see cref="ITenantInvitations"/>: the tenant side applies the tenant-side rules, the user side
/// answers every refusal alike, and an acceptance invalidates the user's cached permissions so the new
/// membership applies from the next check. Scoped, like the store it writes through.
/// </summary>
internal sealed partial class TenantInvitations(
    IInvitationStore store,
    ITenantRoleStore tenantRoles,
    IHubUserStore users,
    ITenantStore tenants,
    ITenancy tenancy,
    IPermissionEvaluator evaluator,
    IOptions<MspHubOptions> options,
    TimeProvider time,
    ILogger<TenantInvitations>? logger = null) : ITenantInvitations
{
    private readonly ILogger _logger = logger ?? NullLogger<TenantInvitations>.Instance;

    public async Task<TenantInvitation> InviteAsync(
        Guid tenantId, Guid userId, IEnumerable<string> roles, Guid? invitedBy = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(roles);
        TenantSide.RequireActiveTenant(tenancy, tenantId);
        var offered = await TenantSide.RequireRolesAsync(tenantRoles, tenantId, roles, cancellationToken).ConfigureAwait(false);

        // Nothing is asked about the user: an unknown id, MSP staff or another tenant's user get the same invitation.
        var now = time.GetUtcNow();
        var invitation = new TenantInvitation
        {
            Id = Guid.CreateVersion7(),
            TenantId = tenantId,
            InvitedUserId = userId,
            Roles = offered,
            InvitedBy = invitedBy,
            CreatedAt = now,
            ExpiresAt = now + options.Value.InvitationLifetime,
        };
        await store.AddInvitationAsync(invitation, cancellationToken).ConfigureAwait(false);
        LogInvited(_logger, invitation.Id, tenantId);
        return invitation;
    }

    public Task<IReadOnlyList<TenantInvitation>> ListPendingAsync(Guid tenantId, CancellationToken cancellationToken = default)
    {
        TenantSide.RequireActiveTenant(tenancy, tenantId);
        return store.ListOpenInvitationsAsync(tenantId, time.GetUtcNow(), cancellationToken);
    }

    public async Task<bool> RevokeAsync(Guid tenantId, Guid invitationId, CancellationToken cancellationToken = default)
    {
        TenantSide.RequireActiveTenant(tenancy, tenantId);
        var revoked = await store.RevokeInvitationAsync(tenantId, invitationId, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        if (revoked)
        {
            LogClosed(_logger, invitationId, TenantInvitationState.Revoked);
        }

        return revoked;
    }

    public async Task<IReadOnlyList<ReceivedInvitation>> ListReceivedAsync(Guid userId, CancellationToken cancellationToken = default)
    {
        if (!await MayJoinAsync(userId, cancellationToken).ConfigureAwait(false))
        {
            return [];
        }

        var received = new List<ReceivedInvitation>();
        foreach (var invitation in await store.ListOpenInvitationsForUserAsync(userId, time.GetUtcNow(), cancellationToken).ConfigureAwait(false))
        {
            if (await ActiveTenantAsync(invitation, cancellationToken).ConfigureAwait(false) is { } tenant)
            {
                received.Add(new ReceivedInvitation(invitation, tenant));
            }
        }

        return received;
    }

    public async Task<Membership> AcceptAsync(Guid userId, Guid invitationId, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        if (!await MayJoinAsync(userId, cancellationToken).ConfigureAwait(false)
            || await store.FindInvitationAsync(invitationId, cancellationToken).ConfigureAwait(false) is not { } invitation
            || invitation.InvitedUserId != userId
            || !invitation.IsOpenAt(now)
            || await ActiveTenantAsync(invitation, cancellationToken).ConfigureAwait(false) is null)
        {
            throw new InvitationNotAvailableException(invitationId);
        }

        Membership? membership;
        try
        {
            // The store closes the invitation and adds the membership in one step, so of concurrent accepts one wins.
            membership = await store.AcceptInvitationAsync(userId, invitationId, now, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            evaluator.InvalidateUser(userId);
        }

        if (membership is null)
        {
            throw new InvitationNotAvailableException(invitationId);
        }

        LogClosed(_logger, invitationId, TenantInvitationState.Accepted);
        return membership;
    }

    public async Task DeclineAsync(Guid userId, Guid invitationId, CancellationToken cancellationToken = default)
    {
        if (!await store.DeclineInvitationAsync(userId, invitationId, time.GetUtcNow(), cancellationToken).ConfigureAwait(false))
        {
            throw new InvitationNotAvailableException(invitationId);
        }

        LogClosed(_logger, invitationId, TenantInvitationState.Declined);
    }

    // Only an active user with no system role joins tenants by invitation: MSP staff reach tenants through the MSP.
    private async Task<bool> MayJoinAsync(Guid userId, CancellationToken cancellationToken) =>
        await users.FindUserAsync(userId, cancellationToken).ConfigureAwait(false) is { SystemRole: SystemRole.None, IsActive: true };

    private async Task<Tenant?> ActiveTenantAsync(TenantInvitation invitation, CancellationToken cancellationToken) =>
        await tenants.FindByIdAsync(invitation.TenantId, cancellationToken).ConfigureAwait(false) is { Status: TenantStatus.Active } tenant ? tenant : null;

    [LoggerMessage(EventId = 22, Level = LogLevel.Information, Message = "Invitation {InvitationId} made in tenant {TenantId}.")]
    private static partial void LogInvited(ILogger logger, Guid invitationId, Guid tenantId);

    [LoggerMessage(EventId = 23, Level = LogLevel.Information, Message = "Invitation {InvitationId} {State}.")]
    private static partial void LogClosed(ILogger logger, Guid invitationId, TenantInvitationState state);
}
