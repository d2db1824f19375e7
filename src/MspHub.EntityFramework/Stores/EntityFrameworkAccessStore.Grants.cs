using Microsoft.EntityFrameworkCore;

namespace MspHub.EntityFramework;

/// <content>The <see cref="EntityFrameworkAccessStore{TContext}"/> operations on technician grants, grant requests and elevations (<see cref="ITechnicianGrantStore"/>).</content>
internal sealed partial class EntityFrameworkAccessStore<TContext>
{
    public async ValueTask<TechnicianGrant?> FindGrantAsync(Guid userId, Guid tenantId, CancellationToken cancellationToken = default)
    {
        using var scope = StoreScope.For(tenantId);
        return await context.Set<TechnicianGrant>().AsNoTracking().FirstOrDefaultAsync(g => g.UserId == userId && g.TenantId == tenantId, cancellationToken).ConfigureAwait(false);
    }

    public async Task SaveGrantAsync(TechnicianGrant grant, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(grant);
        using var scope = StoreScope.For(grant.TenantId);
        await RunAsync("saving a technician grant", lockAdmins: false, async transaction =>
        {
            if (!await BumpTechnicianAsync(grant.UserId, cancellationToken).ConfigureAwait(false))
            {
                await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
                throw NotATechnician(grant.UserId);
            }

            await ReplaceGrantAsync(grant, cancellationToken).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);
    }

    // The lock every change to the tenant tree takes, until the caller's transaction ends; outside a transaction it would
    // end with its own statement, so nothing is held then.
    public async Task HoldTenantTreeAsync(CancellationToken cancellationToken = default)
    {
        if (context.Database.CurrentTransaction is not null || System.Transactions.Transaction.Current is not null)
        {
            await StoreDatabase.LockAsync(context.Database, StoreDatabase.HierarchyLock, cancellationToken).ConfigureAwait(false);
        }
    }

    // The user's row first (LockUserAsync says why): an elevation being saved, which bumps first, has then committed,
    // and its row is deleted here too instead of outliving the grant it sat on.
    public async Task<bool> RemoveGrantAsync(Guid userId, Guid tenantId, CancellationToken cancellationToken = default)
    {
        using var scope = StoreScope.For(tenantId);
        return await RunAsync("removing a technician grant", lockAdmins: false, async _ =>
        {
            await LockUserAsync(userId, cancellationToken).ConfigureAwait(false);
            var removed = await context.Set<TechnicianGrant>().Where(g => g.UserId == userId && g.TenantId == tenantId)
                .ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false) > 0;
            if (removed)
            {
                await BumpAsync([userId], cancellationToken).ConfigureAwait(false);
            }

            var ended = await context.Set<TechnicianElevation>().Where(e => e.UserId == userId && e.TenantId == tenantId)
                .ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false) > 0;
            if (ended && !removed)
            {
                await BumpAsync([userId], cancellationToken).ConfigureAwait(false);
            }

            return removed;
        }, cancellationToken).ConfigureAwait(false);
    }

    // The bump comes first: it holds the user's row, so a concurrent revocation of the grant either committed before the
    // check below sees it, or deletes this elevation after this commits (RemoveGrantAsync).
    // The bump holds the user's row, which saving a grant takes first too, so the grant read after it is the one in force.
    public async Task<bool> SaveElevationAsync(TechnicianElevation elevation, DateTimeOffset? grantedAt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(elevation);
        using var scope = StoreScope.For(elevation.TenantId);
        return await RunAsync("saving a technician elevation", lockAdmins: false, async transaction =>
        {
            await BumpAsync([elevation.UserId], cancellationToken).ConfigureAwait(false);
            var at = elevation.ActivatedAt;
            if (!await Grants.AnyAsync(
                g => g.UserId == elevation.UserId && g.TenantId == elevation.TenantId && g.GrantedAt == grantedAt && (g.ExpiresAt == null || g.ExpiresAt > at),
                cancellationToken).ConfigureAwait(false))
            {
                await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
                return false;
            }

            await UpsertAsync(elevation, e => e.UserId == elevation.UserId && e.TenantId == elevation.TenantId, cancellationToken).ConfigureAwait(false);
            return true;
        }, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<(HubUser Technician, TechnicianElevation Elevation)>> ListElevationsAsync(Guid tenantId, CancellationToken cancellationToken = default)
    {
        using var scope = StoreScope.For(tenantId);
        return (await Elevations.Where(e => e.TenantId == tenantId)
            .Join(Users, e => e.UserId, u => u.Id, (e, u) => new { Elevation = e, User = u })
            .OrderBy(e => e.User.UserName)
            .ToListAsync(cancellationToken).ConfigureAwait(false))
            .ConvertAll(e => (e.User, e.Elevation));
    }

    public async Task<bool> RemoveElevationAsync(Guid userId, Guid tenantId, CancellationToken cancellationToken = default)
    {
        using var scope = StoreScope.For(tenantId);
        return await RemoveAndBumpAsync<TechnicianElevation>(e => e.UserId == userId && e.TenantId == tenantId, userId, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<(HubUser Technician, TechnicianGrant Grant)>> ListGrantsAsync(Guid tenantId, CancellationToken cancellationToken = default)
    {
        using var scope = StoreScope.For(tenantId);
        return (await Grants.Where(g => g.TenantId == tenantId)
            .Join(Users, g => g.UserId, u => u.Id, (g, u) => new { Grant = g, User = u })
            .OrderBy(g => g.User.UserName)
            .ToListAsync(cancellationToken).ConfigureAwait(false))
            .ConvertAll(g => (g.User, g.Grant));
    }

    public async Task<IReadOnlyList<(HubUser Technician, TechnicianGrant Grant)>> ListInheritedGrantsAsync(Guid tenantId, CancellationToken cancellationToken = default)
    {
        using var scope = StoreScope.AllTenants();
        var ancestry = await TenantLineage.InheritsAccessFromAsync(context, tenantId, cancellationToken).ConfigureAwait(false);
        if (ancestry.Length == 0)
        {
            return [];
        }

        var found = await Grants.Where(g => ancestry.Contains(g.TenantId) && g.IncludesDescendants)
            .Join(Users, g => g.UserId, u => u.Id, (g, u) => new { Grant = g, User = u })
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return [.. found.OrderBy(g => Array.IndexOf(ancestry, g.Grant.TenantId)).ThenBy(g => g.User.UserName, StringComparer.Ordinal).Select(g => (g.User, g.Grant))];
    }

    // Under the admin lock a user change takes first: a demotion withdraws the user's pending requests before it waits
    // for their row, so it would never see a request that holds that row and is being written; it waits here instead.
    public async Task AddGrantRequestAsync(TechnicianGrantRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var scope = StoreScope.For(request.TenantId);
        await RunAsync("adding a technician grant request", lockAdmins: true, async transaction =>
        {
            if (await GrantRequests.AnyAsync(r => r.Id == request.Id, cancellationToken).ConfigureAwait(false))
            {
                throw new ConflictException("grant request", "id", request.Id.ToString());
            }

            await WithdrawGrantRequestsAsync(request.UserId, request.TenantId, request.RequestedAt, cancellationToken).ConfigureAwait(false);

            // The user's row next, while they are a technician: a demotion committing alongside either waits for this
            // request and withdraws it, or commits first and this finds the user demoted.
            if (!await LockTechnicianAsync(request.UserId, cancellationToken).ConfigureAwait(false))
            {
                await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
                throw NotATechnician(request.UserId);
            }

            await SaveAsync(own => own.Add(request), cancellationToken).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);
    }

    // Found by id whatever tenant it is in; the caller checks the tenant.
    public async ValueTask<TechnicianGrantRequest?> FindGrantRequestAsync(Guid requestId, CancellationToken cancellationToken = default)
    {
        using var scope = StoreScope.AllTenants();
        return await GrantRequests.FirstOrDefaultAsync(r => r.Id == requestId, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<(HubUser Technician, TechnicianGrantRequest Request)>> ListPendingGrantRequestsAsync(Guid tenantId, CancellationToken cancellationToken = default)
    {
        using var scope = StoreScope.For(tenantId);
        return (await GrantRequests.Where(r => r.TenantId == tenantId && r.State == TechnicianGrantRequestState.Pending)
            .Join(Users, r => r.UserId, u => u.Id, (r, u) => new { Request = r, User = u })
            .OrderBy(r => r.Request.RequestedAt).ThenBy(r => r.Request.Id)
            .ToListAsync(cancellationToken).ConfigureAwait(false))
            .ConvertAll(r => (r.User, r.Request));
    }

    // The conditional update is the gate, as for invitations: of concurrent approvals, the first to update the row
    // wins, and the others (waiting on its row lock, or on SQLite's write lock) find it no longer pending.
    public async Task<TechnicianGrant?> ApproveGrantRequestAsync(Guid tenantId, Guid requestId, Guid approvedBy, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        using var scope = StoreScope.For(tenantId);
        return await RunAsync("approving a technician grant request", lockAdmins: false, async transaction =>
        {
            if (await GrantRequests.FirstOrDefaultAsync(r => r.Id == requestId && r.TenantId == tenantId, cancellationToken).ConfigureAwait(false) is not { } request
                || !await Users.AnyAsync(u => u.Id == request.UserId && u.SystemRole == SystemRole.Technician, cancellationToken).ConfigureAwait(false)
                || !await CloseGrantRequestAsync(tenantId, requestId, TechnicianGrantRequestState.Approved, approvedBy, at, cancellationToken).ConfigureAwait(false))
            {
                return null;
            }

            // A demoted technician's request is never granted (BumpTechnicianAsync says why that holds under a race). The
            // request was closed already, so this throws: a joined transaction must not commit that.
            var grant = request.ToGrant(at);
            if (!await BumpTechnicianAsync(grant.UserId, cancellationToken).ConfigureAwait(false))
            {
                await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
                throw new GrantRequestNotAvailableException(requestId);
            }

            await ReplaceGrantAsync(grant, cancellationToken).ConfigureAwait(false);
            return grant;
        }, cancellationToken).ConfigureAwait(false);
    }

    // An elevation rests on the grant it was activated on: a grant saved over it (renewed, narrowed, or given again
    // after it lapsed) ends the elevation, which would otherwise count again under the new grant until its own expiry.
    private async Task ReplaceGrantAsync(TechnicianGrant grant, CancellationToken cancellationToken)
    {
        await UpsertAsync(grant, g => g.UserId == grant.UserId && g.TenantId == grant.TenantId, cancellationToken).ConfigureAwait(false);
        await context.Set<TechnicianElevation>().Where(e => e.UserId == grant.UserId && e.TenantId == grant.TenantId)
            .ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
    }

    // Bumps the user's access version only while they are a technician, in the statement that writes their row, before
    // the grant is written: a role change holds that row until it commits (and removes their grants then), so a grant
    // saved alongside it either waits here and finds the user demoted, or commits first and is removed by the change.
    // A read of the role before would miss it.
    private async Task<bool> BumpTechnicianAsync(Guid userId, CancellationToken cancellationToken)
    {
        if (await Users.Where(u => u.Id == userId && u.SystemRole == SystemRole.Technician)
                .ExecuteUpdateAsync(set => set.SetProperty(u => u.AccessVersion, u => u.AccessVersion + 1), cancellationToken).ConfigureAwait(false) == 0)
        {
            return false;
        }

        await CacheNotifications.SendAsync(context.Database, [CacheChange.OfUser(userId)], cancellationToken).ConfigureAwait(false);
        return true;
    }

    // Takes the user's row, changing nothing, if they are a technician; BumpTechnicianAsync says why in one statement.
    private async Task<bool> LockTechnicianAsync(Guid userId, CancellationToken cancellationToken) =>
        await Users.Where(u => u.Id == userId && u.SystemRole == SystemRole.Technician).LockAsync(cancellationToken).ConfigureAwait(false) > 0;

    private static AccessRuleException NotATechnician(Guid userId) =>
        new($"User {userId} is not a technician (or no longer is), so they cannot hold a technician grant.");

    public async Task<bool> DeclineGrantRequestAsync(Guid tenantId, Guid requestId, Guid declinedBy, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        using var scope = StoreScope.For(tenantId);
        return await CloseGrantRequestAsync(tenantId, requestId, TechnicianGrantRequestState.Declined, declinedBy, at, cancellationToken).ConfigureAwait(false);
    }

    public async Task<int> WithdrawGrantRequestsAsync(Guid userId, Guid tenantId, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        using var scope = StoreScope.For(tenantId);
        return await context.Set<TechnicianGrantRequest>()
            .Where(r => r.UserId == userId && r.TenantId == tenantId && r.State == TechnicianGrantRequestState.Pending)
            .ExecuteUpdateAsync(set => set.SetProperty(r => r.State, TechnicianGrantRequestState.Withdrawn).SetProperty(r => r.ClosedAt, at), cancellationToken)
            .ConfigureAwait(false);
    }

    // Answers a pending request in one statement, so two answers to one request cannot both succeed.
    private async Task<bool> CloseGrantRequestAsync(
        Guid tenantId, Guid requestId, TechnicianGrantRequestState state, Guid answeredBy, DateTimeOffset at, CancellationToken cancellationToken) =>
        await context.Set<TechnicianGrantRequest>()
            .Where(r => r.Id == requestId && r.TenantId == tenantId && r.State == TechnicianGrantRequestState.Pending)
            .ExecuteUpdateAsync(
                set => set.SetProperty(r => r.State, state).SetProperty(r => r.AnsweredBy, answeredBy).SetProperty(r => r.ClosedAt, at),
                cancellationToken).ConfigureAwait(false) == 1;
}
