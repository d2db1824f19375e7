using Microsoft.EntityFrameworkCore;

namespace MspHub.EntityFramework;

/// <summary>
/// Takes rows for the rest of the transaction without changing them: an UPDATE writing a column back onto itself,
/// which locks the rows on PostgreSQL (as <c>FOR UPDATE</c> would) and takes SQLite's one write lock too. Every change
/// to a user's access, and a tenant's deletion, takes rows in one order (grant requests, a tenant's roles, the user,
/// then memberships, grants and elevations), so two of them wait for each other instead of deadlocking.
/// </summary>
internal static class RowLocks
{
    /// <summary>Locks the users' rows; returns how many there were.</summary>
    public static Task<int> LockAsync(this IQueryable<HubUser> users, CancellationToken cancellationToken) =>
        users.ExecuteUpdateAsync(set => set.SetProperty(u => u.AccessVersion, u => u.AccessVersion), cancellationToken);

    /// <summary>Locks the roles' rows; returns how many there were.</summary>
    public static Task<int> LockAsync(this IQueryable<TenantRole> roles, CancellationToken cancellationToken) =>
        roles.ExecuteUpdateAsync(set => set.SetProperty(r => r.Name, r => r.Name), cancellationToken);
}
