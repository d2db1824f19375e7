namespace MspHub.Abstractions.Tests;

/// <summary>A real in-memory access store that counts the fact look-ups reaching it and can pause them, to prove what the permission cache absorbs.</summary>
internal sealed class CountingAccessStore(InMemoryAccessStore inner) : IAccessStore
{
    private int _lookups;

    public int Lookups => Volatile.Read(ref _lookups);

    public Func<Task>? BeforeAnswer { get; set; }

    public async ValueTask<AccessFacts> GetAccessFactsAsync(Guid userId, Guid tenantId, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _lookups);
        var facts = await inner.GetAccessFactsAsync(userId, tenantId, cancellationToken);
        if (BeforeAnswer is { } pause)
        {
            await pause();
        }

        return facts;
    }

    /// <summary>The tenant lists asked for in one batch, in order.</summary>
    public List<IReadOnlyList<Guid>> Batches { get; } = [];

    public async ValueTask<IReadOnlyList<AccessFacts>> GetAccessFactsAsync(Guid userId, IReadOnlyList<Guid> tenantIds, CancellationToken cancellationToken = default)
    {
        Batches.Add(tenantIds);
        return await ((IAccessStore)inner).GetAccessFactsAsync(userId, tenantIds, cancellationToken);
    }

    public ValueTask<HubUser?> FindUserAsync(Guid userId, CancellationToken cancellationToken = default) => inner.FindUserAsync(userId, cancellationToken);

    public ValueTask<HubUser?> FindUserByNameAsync(string userName, CancellationToken cancellationToken = default) => inner.FindUserByNameAsync(userName, cancellationToken);

    public Task AddUserAsync(HubUser user, CancellationToken cancellationToken = default) => inner.AddUserAsync(user, cancellationToken);

    public Task<bool> TryUpdateUserAsync(Guid userId, Func<HubUser, HubUser> change, CancellationToken cancellationToken = default) =>
        inner.TryUpdateUserAsync(userId, change, cancellationToken);


    public ValueTask<Membership?> FindMembershipAsync(Guid userId, Guid tenantId, CancellationToken cancellationToken = default) => inner.FindMembershipAsync(userId, tenantId, cancellationToken);

    public Task<IReadOnlyList<Guid>> ListTenantIdsAsync(Guid userId, CancellationToken cancellationToken = default) => inner.ListTenantIdsAsync(userId, cancellationToken);

    public Task<IReadOnlyList<TenantMember>> ListMembersAsync(Guid tenantId, CancellationToken cancellationToken = default) => inner.ListMembersAsync(tenantId, cancellationToken);

    public Task SaveMembershipAsync(Membership membership, CancellationToken cancellationToken = default) => inner.SaveMembershipAsync(membership, cancellationToken);

    public Task<bool> RemoveMembershipAsync(Guid userId, Guid tenantId, CancellationToken cancellationToken = default) => inner.RemoveMembershipAsync(userId, tenantId, cancellationToken);

    public Task<IReadOnlyList<Guid>> AddShadowMembershipsAsync(Guid adminTenancyId, Guid tenantId, CancellationToken cancellationToken = default) =>
        inner.AddShadowMembershipsAsync(adminTenancyId, tenantId, cancellationToken);

    public Task<IReadOnlyList<TenantRole>> ListRolesAsync(Guid tenantId, CancellationToken cancellationToken = default) => inner.ListRolesAsync(tenantId, cancellationToken);

    public Task SaveRoleAsync(TenantRole role, CancellationToken cancellationToken = default) => inner.SaveRoleAsync(role, cancellationToken);

    public Task<bool> RemoveRoleAsync(Guid tenantId, string name, CancellationToken cancellationToken = default) => inner.RemoveRoleAsync(tenantId, name, cancellationToken);

    public ValueTask<TechnicianGrant?> FindGrantAsync(Guid userId, Guid tenantId, CancellationToken cancellationToken = default) => inner.FindGrantAsync(userId, tenantId, cancellationToken);

    public Task SaveGrantAsync(TechnicianGrant grant, CancellationToken cancellationToken = default) => inner.SaveGrantAsync(grant, cancellationToken);

    public Task<bool> RemoveGrantAsync(Guid userId, Guid tenantId, CancellationToken cancellationToken = default) => inner.RemoveGrantAsync(userId, tenantId, cancellationToken);

    public Task<IReadOnlyList<(HubUser Technician, TechnicianGrant Grant)>> ListGrantsAsync(Guid tenantId, CancellationToken cancellationToken = default) =>
        inner.ListGrantsAsync(tenantId, cancellationToken);

    public Task AddGrantRequestAsync(TechnicianGrantRequest request, CancellationToken cancellationToken = default) => inner.AddGrantRequestAsync(request, cancellationToken);

    public ValueTask<TechnicianGrantRequest?> FindGrantRequestAsync(Guid requestId, CancellationToken cancellationToken = default) => inner.FindGrantRequestAsync(requestId, cancellationToken);

    public Task<IReadOnlyList<(HubUser Technician, TechnicianGrantRequest Request)>> ListPendingGrantRequestsAsync(Guid tenantId, CancellationToken cancellationToken = default) =>
        inner.ListPendingGrantRequestsAsync(tenantId, cancellationToken);

    public Task<TechnicianGrant?> ApproveGrantRequestAsync(Guid tenantId, Guid requestId, Guid approvedBy, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        inner.ApproveGrantRequestAsync(tenantId, requestId, approvedBy, at, cancellationToken);

    public Task<bool> DeclineGrantRequestAsync(Guid tenantId, Guid requestId, Guid declinedBy, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        inner.DeclineGrantRequestAsync(tenantId, requestId, declinedBy, at, cancellationToken);

    public Task<int> WithdrawGrantRequestsAsync(Guid userId, Guid tenantId, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        inner.WithdrawGrantRequestsAsync(userId, tenantId, at, cancellationToken);

    public Task<bool> SaveElevationAsync(TechnicianElevation elevation, DateTimeOffset? grantedAt, CancellationToken cancellationToken = default) =>
        inner.SaveElevationAsync(elevation, grantedAt, cancellationToken);

    public Task<IReadOnlyList<(HubUser Technician, TechnicianElevation Elevation)>> ListElevationsAsync(Guid tenantId, CancellationToken cancellationToken = default) =>
        inner.ListElevationsAsync(tenantId, cancellationToken);

    public Task<bool> RemoveElevationAsync(Guid userId, Guid tenantId, CancellationToken cancellationToken = default) =>
        inner.RemoveElevationAsync(userId, tenantId, cancellationToken);

    public Task AddInvitationAsync(TenantInvitation invitation, CancellationToken cancellationToken = default) => inner.AddInvitationAsync(invitation, cancellationToken);

    public ValueTask<TenantInvitation?> FindInvitationAsync(Guid invitationId, CancellationToken cancellationToken = default) => inner.FindInvitationAsync(invitationId, cancellationToken);

    public Task<IReadOnlyList<TenantInvitation>> ListOpenInvitationsAsync(Guid tenantId, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        inner.ListOpenInvitationsAsync(tenantId, now, cancellationToken);

    public Task<IReadOnlyList<TenantInvitation>> ListOpenInvitationsForUserAsync(Guid userId, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        inner.ListOpenInvitationsForUserAsync(userId, now, cancellationToken);

    public Task<bool> RevokeInvitationAsync(Guid tenantId, Guid invitationId, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        inner.RevokeInvitationAsync(tenantId, invitationId, at, cancellationToken);

    public Task<bool> DeclineInvitationAsync(Guid userId, Guid invitationId, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        inner.DeclineInvitationAsync(userId, invitationId, at, cancellationToken);

    public Task<Membership?> AcceptInvitationAsync(Guid userId, Guid invitationId, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        inner.AcceptInvitationAsync(userId, invitationId, at, cancellationToken);
}
