namespace MspHub;

/// <summary>
/// Where users' memberships of tenants are kept, shadow memberships included. Take this rather than <see cref="IAccessStore"/>
/// when code only reads or writes memberships. One primary tenant per user holds here as a single atomic step
/// (<see cref="SaveMembershipAsync"/>), so the rule holds under concurrent changes.
/// </summary>
/// <remarks>
/// It is one face of the registered <see cref="IAccessStore"/> (<see cref="MspHubBuilder.AddAccessStore{TStore}"/> resolves it to the
/// same instance). Use <see cref="ITenantAccessManager"/> and <see cref="IMspAccessManager"/> to change memberships: they apply
/// the access rules and keep the permission cache current.
/// </remarks>
public interface IMembershipStore
{
    /// <summary>Finds a user's membership in a tenant.</summary>
    ValueTask<Membership?> FindMembershipAsync(Guid userId, Guid tenantId, CancellationToken cancellationToken = default);

    /// <summary>Every membership of a tenant, shadow ones included, with their users.</summary>
    Task<IReadOnlyList<TenantMember>> ListMembersAsync(Guid tenantId, CancellationToken cancellationToken = default);

    /// <summary>Adds or replaces a membership; a primary membership makes the user's others non-primary in the same step.</summary>
    /// <remarks>
    /// A store that keeps roles in the same database should check, in the same step, that the tenant (or an ancestor it
    /// inherits from) defines every role named, and hold those roles until the step ends, as the EF Core store does: a role
    /// deleted meanwhile is then never saved on a member, where a role made later under its name would grant it unasked.
    /// </remarks>
    /// <exception cref="AccessRuleException">The EF Core store: a role named is not defined for the tenant.</exception>
    Task SaveMembershipAsync(Membership membership, CancellationToken cancellationToken = default);

    /// <summary>
    /// Removes a membership, and with it every open invitation of that tenant to the user, in the same step: accepting
    /// one would undo the removal.
    /// </summary>
    /// <returns>Whether there was one.</returns>
    Task<bool> RemoveMembershipAsync(Guid userId, Guid tenantId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Gives every active user with a non-shadow membership in <paramref name="adminTenancyId"/> a shadow
    /// membership in <paramref name="tenantId"/>, in one step.
    /// </summary>
    /// <returns>The users who got one.</returns>
    Task<IReadOnlyList<Guid>> AddShadowMembershipsAsync(Guid adminTenancyId, Guid tenantId, CancellationToken cancellationToken = default);
}
