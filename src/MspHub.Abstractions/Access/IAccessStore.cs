namespace MspHub;

/// <summary>
/// Where users, memberships, tenant roles, technician grants and invitations are kept, and the read model across them: what a
/// user may do in a tenant (<see cref="GetAccessFactsAsync(Guid, Guid, CancellationToken)"/>) and which tenants they reach. Operations
/// whose rules span several rows or aggregates (the last MSP admin, one primary tenant per user, a deleted role leaving every membership,
/// a demoted technician losing their grants, an accepted invitation saving a membership) are single atomic operations here, so the
/// rules hold under concurrent changes.
/// </summary>
/// <remarks>
/// Implement this one interface and register it with <see cref="MspHubBuilder.AddAccessStore{TStore}"/>: the narrow interfaces it
/// inherits (<see cref="IHubUserStore"/>, <see cref="IMembershipStore"/>, <see cref="ITenantRoleStore"/>,
/// <see cref="ITechnicianGrantStore"/>, <see cref="IInvitationStore"/>) then resolve to the same instance. Code that needs only one
/// aggregate takes that narrow interface; take this one only to read access facts.
/// Use <see cref="ITenantAccessManager"/> and <see cref="IMspAccessManager"/> to change access: they apply
/// the access rules and keep the permission cache current. Stores only persist.
/// </remarks>
public interface IAccessStore : IHubUserStore, IMembershipStore, ITenantRoleStore, ITechnicianGrantStore, IInvitationStore
{
    /// <summary>
    /// What is known about <paramref name="userId"/> in <paramref name="tenantId"/> now; <see cref="AccessFacts.Unknown"/> for an
    /// unknown user. An expired technician grant counts as none; one in force sets <see cref="AccessFacts.ValidUntil"/> to its expiry.
    /// An elevation in force on a grant in force adds its permissions, and its expiry caps <see cref="AccessFacts.ValidUntil"/> too.
    /// </summary>
    ValueTask<AccessFacts> GetAccessFactsAsync(Guid userId, Guid tenantId, CancellationToken cancellationToken = default);

    /// <summary>
    /// What is known about <paramref name="userId"/> in each of <paramref name="tenantIds"/>, in the same order,
    /// for lists that describe many tenants at once. The default asks <see cref="GetAccessFactsAsync(Guid, Guid, CancellationToken)"/>
    /// once per tenant on this store (one connection, one service scope); a store may answer in fewer round trips.
    /// </summary>
    async ValueTask<IReadOnlyList<AccessFacts>> GetAccessFactsAsync(Guid userId, IReadOnlyList<Guid> tenantIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tenantIds);
        var facts = new AccessFacts[tenantIds.Count];
        for (var i = 0; i < facts.Length; i++)
        {
            facts[i] = await GetAccessFactsAsync(userId, tenantIds[i], cancellationToken).ConfigureAwait(false);
        }

        return facts;
    }

    /// <summary>
    /// The tenants where <paramref name="userId"/> has a membership (shadow included) or a technician grant in force now
    /// (<see cref="TechnicianGrant.IsActiveAt"/>), and, for a store that keeps the tree, every tenant under a subtree
    /// membership or grant of theirs.
    /// </summary>
    Task<IReadOnlyList<Guid>> ListTenantIdsAsync(Guid userId, CancellationToken cancellationToken = default);
}
