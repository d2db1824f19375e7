using System.Data.Common;
using Microsoft.EntityFrameworkCore;

namespace MspHub.EntityFramework;

/// <content>The <see cref="EntityFrameworkAccessStore{TContext}"/> operations on users (<see cref="IHubUserStore"/>).</content>
internal sealed partial class EntityFrameworkAccessStore<TContext>
{
    public async ValueTask<HubUser?> FindUserAsync(Guid userId, CancellationToken cancellationToken = default) =>
        await Users.FirstOrDefaultAsync(u => u.Id == userId, cancellationToken).ConfigureAwait(false);

    public async ValueTask<HubUser?> FindUserByNameAsync(string userName, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(userName);
        var normalized = AccessColumns.Normalize(userName);
        return await Users.FirstOrDefaultAsync(u => EF.Property<string>(u, AccessColumns.NormalizedUserName) == normalized, cancellationToken).ConfigureAwait(false);
    }

    public Task AddUserAsync(HubUser user, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        return StoreWrites.InsertAsync(context, user, ct => UserConflictOrNullAsync(user, isNew: true, ct), cancellationToken);
    }

    // Every user change takes the admin lock, so concurrent changes to one user serialise instead of overwriting each other.
    public async Task<bool> TryUpdateUserAsync(Guid userId, Func<HubUser, HubUser> change, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(change);
        return await RunAsync("updating a user", lockAdmins: true, async transaction =>
        {
            var current = await FindUserAsync(userId, cancellationToken).ConfigureAwait(false) ?? throw new KeyNotFoundException($"No user has id {userId}.");
            var user = change(current) with { Id = userId };
            var losesAdmin = current is { SystemRole: SystemRole.MspAdmin, IsActive: true } && user is not { SystemRole: SystemRole.MspAdmin, IsActive: true };
            if (losesAdmin && !await Users.AnyAsync(u => u.Id != user.Id && u.SystemRole == SystemRole.MspAdmin && u.IsActive, cancellationToken).ConfigureAwait(false))
            {
                return false;
            }

            if (user.SystemRole != SystemRole.Technician)
            {
                // A request still pending would give a grant back if the user became a technician again before its
                // answer. Withdrawn before the user's row is written, the order every access change locks in.
                using var scope = StoreScope.AllTenants();
                var now = time.GetUtcNow();
                await context.Set<TechnicianGrantRequest>().Where(r => r.UserId == userId && r.State == TechnicianGrantRequestState.Pending)
                    .ExecuteUpdateAsync(set => set.SetProperty(r => r.State, TechnicianGrantRequestState.Withdrawn).SetProperty(r => r.ClosedAt, now), cancellationToken)
                    .ConfigureAwait(false);
            }

            // In a transaction of the caller's (an import), a refused statement cannot be looked into afterwards, since
            // PostgreSQL fails the rest of it: look for a taken name first.
            if (!transaction.IsOwned && await UserConflictOrNullAsync(user, isNew: false, cancellationToken).ConfigureAwait(false) is { } taken)
            {
                throw taken;
            }

            var normalized = AccessColumns.Normalize(user.UserName);
            try
            {
                await context.Set<HubUser>().Where(u => u.Id == user.Id).ExecuteUpdateAsync(
                    set => set
                        .SetProperty(u => u.UserName, user.UserName)
                        .SetProperty(u => EF.Property<string>(u, AccessColumns.NormalizedUserName), normalized)
                        .SetProperty(u => u.SystemRole, user.SystemRole)
                        .SetProperty(u => u.IsActive, user.IsActive)
                        .SetProperty(u => u.AccessVersion, u => u.AccessVersion + 1),
                    cancellationToken).ConfigureAwait(false);
            }
            catch (DbException error) when (transaction.IsOwned)
            {
                // PostgreSQL refuses every statement in a failed transaction, so look for the clash after it ends.
                await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
                throw await UserConflictOrNullAsync(user, isNew: false, cancellationToken).ConfigureAwait(false) is { } conflict
                    ? new ConflictException(conflict.Entity, conflict.Field, conflict.Value, error)
                    : error;
            }

            if (user.SystemRole != SystemRole.Technician)
            {
                using var scope = StoreScope.AllTenants();
                await context.Set<TechnicianGrant>().Where(g => g.UserId == userId).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
                await context.Set<TechnicianElevation>().Where(e => e.UserId == userId).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
            }

            await CacheNotifications.SendAsync(context.Database, [CacheChange.OfUser(userId)], cancellationToken).ConfigureAwait(false);
            return true;
        }, cancellationToken).ConfigureAwait(false);
    }

    private async Task<ConflictException?> UserConflictOrNullAsync(HubUser user, bool isNew, CancellationToken cancellationToken)
    {
        if (isNew && await Users.AnyAsync(u => u.Id == user.Id, cancellationToken).ConfigureAwait(false))
        {
            return new ConflictException("user", "id", user.Id.ToString());
        }

        var normalized = AccessColumns.Normalize(user.UserName);
        return await Users.AnyAsync(u => u.Id != user.Id && EF.Property<string>(u, AccessColumns.NormalizedUserName) == normalized, cancellationToken).ConfigureAwait(false)
            ? new ConflictException("user", "user name", user.UserName)
            : null;
    }
}
