using System.Data.Common;
using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace MspHub.EntityFramework;

/// <summary>
/// <see cref="IAccessStore"/> over the access tables <c>ApplyMspHub</c> adds to <typeparamref name="TContext"/>.
/// Records are immutable, so reads are untracked and writes go through bulk statements or MspHub's own
/// context (<see cref="OwnContext"/>), never the host's change tracker. Multi-row rules run in one
/// transaction; the last-MSP-admin rule also holds a lock so two concurrent demotions cannot both pass the
/// check (SQLite's transactions take the write lock at once; PostgreSQL takes a transaction-scoped advisory lock).
/// Under row-level security each operation reaches the tenant it names (<see cref="StoreScope.For"/>), or every
/// tenant where it spans them (<see cref="StoreScope.AllTenants"/>), whatever the ambient tenant.
/// </summary>
internal sealed class EntityFrameworkAccessStore<TContext>(TContext context, TimeProvider time) : IAccessStore
    where TContext : DbContext
{
    private IQueryable<HubUser> Users => context.Set<HubUser>().AsNoTracking();

    private IQueryable<Membership> Memberships => context.Set<Membership>().AsNoTracking();

    private IQueryable<TenantRole> Roles => context.Set<TenantRole>().AsNoTracking();

    private IQueryable<TenantInvitation> Invitations => context.Set<TenantInvitation>().AsNoTracking();

    private IQueryable<TechnicianGrant> Grants => context.Set<TechnicianGrant>().AsNoTracking();

    private IQueryable<TechnicianGrantRequest> GrantRequests => context.Set<TechnicianGrantRequest>().AsNoTracking();

    private IQueryable<TechnicianElevation> Elevations => context.Set<TechnicianElevation>().AsNoTracking();

    public async ValueTask<AccessFacts> GetAccessFactsAsync(Guid userId, Guid tenantId, CancellationToken cancellationToken = default) =>
        (await GetAccessFactsAsync(userId, [tenantId], cancellationToken).ConfigureAwait(false))[0];

    // One query per table (and one per level of the tree) for any number of tenants, so a page of the session tenant
    // list costs what one tenant does. The ancestors are read here, once per cache miss, so a warm check never walks the tree.
    public async ValueTask<IReadOnlyList<AccessFacts>> GetAccessFactsAsync(Guid userId, IReadOnlyList<Guid> tenantIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tenantIds);
        using var scope = StoreScope.AllTenants();
        var user = await FindUserAsync(userId, cancellationToken).ConfigureAwait(false);
        if (user is null)
        {
            return [.. tenantIds.Select(_ => AccessFacts.Unknown)];
        }

        var ancestries = await TenantLineage.AncestriesAsync(context, tenantIds, cancellationToken).ConfigureAwait(false);
        var reach = tenantIds.Concat(ancestries.Values.SelectMany(a => a)).Distinct().ToList();
        var memberships = await Memberships.Where(m => m.UserId == userId && reach.Contains(m.TenantId))
            .ToDictionaryAsync(m => m.TenantId, cancellationToken).ConfigureAwait(false);
        var roles = memberships.Values.Any(m => !m.IsShadow && m.Roles.Count > 0)
            ? await Roles.Where(r => reach.Contains(r.TenantId)).ToListAsync(cancellationToken).ConfigureAwait(false)
            : [];
        var now = time.GetUtcNow();
        var grants = await Grants.Where(g => g.UserId == userId && reach.Contains(g.TenantId) && (g.ExpiresAt == null || g.ExpiresAt > now))
            .ToDictionaryAsync(g => g.TenantId, cancellationToken).ConfigureAwait(false);
        // An elevation counts on top of the technician's own grant in that tenant, never on a subtree grant held above it.
        var grantTenants = tenantIds.Where(grants.ContainsKey).ToList();
        var elevations = grantTenants.Count == 0
            ? []
            : await Elevations.Where(e => e.UserId == userId && grantTenants.Contains(e.TenantId) && e.ActivatedAt <= now && e.ExpiresAt > now)
                .ToDictionaryAsync(e => e.TenantId, cancellationToken).ConfigureAwait(false);
        var shadowsHold = memberships.Values.Any(m => m.IsShadow) && MembershipRules.MayHoldShadow(user)
            && await InAdminTenancyAsync(userId, cancellationToken).ConfigureAwait(false);
        return [.. tenantIds.Select(tenantId =>
            new TenantAccessFacts(tenantId, ancestries[tenantId], memberships, roles, grants).For(user, shadowsHold)
                .WithElevation(elevations.GetValueOrDefault(tenantId), now))];
    }

    public async ValueTask<HubUser?> FindUserAsync(Guid userId, CancellationToken cancellationToken = default) =>
        await Users.FirstOrDefaultAsync(u => u.Id == userId, cancellationToken).ConfigureAwait(false);

    public Task AddUserAsync(HubUser user, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        return StoreWrites.InsertAsync(context, user, ct => UserConflictOrNullAsync(user, isNew: true, ct), cancellationToken);
    }

    // Every user change takes the admin lock, so concurrent changes to one user serialise instead of overwriting each other.
    public async Task<bool> TryUpdateUserAsync(Guid userId, Func<HubUser, HubUser> change, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(change);
        var transaction = await BeginAsync(lockAdmins: true, cancellationToken).ConfigureAwait(false);
        await using (transaction.ConfigureAwait(false))
        {
            var current = await FindUserAsync(userId, cancellationToken).ConfigureAwait(false) ?? throw new KeyNotFoundException($"No user has id {userId}.");
            var user = change(current) with { Id = userId };
            var losesAdmin = current is { SystemRole: SystemRole.MspAdmin, IsActive: true } && user is not { SystemRole: SystemRole.MspAdmin, IsActive: true };
            if (losesAdmin && !await Users.AnyAsync(u => u.Id != user.Id && u.SystemRole == SystemRole.MspAdmin && u.IsActive, cancellationToken).ConfigureAwait(false))
            {
                return false;
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
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }
    }

    public async ValueTask<Membership?> FindMembershipAsync(Guid userId, Guid tenantId, CancellationToken cancellationToken = default)
    {
        using var scope = StoreScope.For(tenantId);
        return await Memberships.FirstOrDefaultAsync(m => m.UserId == userId && m.TenantId == tenantId, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<Guid>> ListTenantIdsAsync(Guid userId, CancellationToken cancellationToken = default)
    {
        using var scope = StoreScope.AllTenants();
        var now = time.GetUtcNow();
        var shadowHolds = await FindUserAsync(userId, cancellationToken).ConfigureAwait(false) is { } user
            && MembershipRules.MayHoldShadow(user)
            && await InAdminTenancyAsync(userId, cancellationToken).ConfigureAwait(false);
        var held = await Memberships.Where(m => m.UserId == userId && (!m.IsShadow || shadowHolds)).Select(m => new { m.TenantId, Down = m.IncludesDescendants && !m.IsShadow })
            .Union(Grants.Where(g => g.UserId == userId && (g.ExpiresAt == null || g.ExpiresAt > now)).Select(g => new { g.TenantId, Down = g.IncludesDescendants }))
            .ToListAsync(cancellationToken).ConfigureAwait(false);

        // A subtree membership or grant lets the user into every tenant under its own, so the switcher lists those too.
        var ids = held.Select(h => h.TenantId).ToHashSet();
        foreach (var root in held.Where(h => h.Down).Select(h => h.TenantId).Distinct().ToList())
        {
            ids.UnionWith(await TenantLineage.DescendantsAsync(context, root, _ => true, cancellationToken).ConfigureAwait(false));
        }

        return [.. ids];
    }

    public async Task<IReadOnlyList<TenantMember>> ListMembersAsync(Guid tenantId, CancellationToken cancellationToken = default)
    {
        using var scope = StoreScope.For(tenantId);
        return (await Memberships.Where(m => m.TenantId == tenantId)
            .Join(Users, m => m.UserId, u => u.Id, (m, u) => new { Membership = m, User = u })
            .OrderBy(m => m.User.UserName)
            .ToListAsync(cancellationToken).ConfigureAwait(false))
            .ConvertAll(m => new TenantMember(m.User, m.Membership));
    }

    public async Task SaveMembershipAsync(Membership membership, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(membership);
        using var scope = StoreScope.AllTenants();
        var transaction = await BeginAsync(lockAdmins: false, cancellationToken).ConfigureAwait(false);
        await using (transaction.ConfigureAwait(false))
        {
            if (!await Users.AnyAsync(u => u.Id == membership.UserId, cancellationToken).ConfigureAwait(false))
            {
                throw new KeyNotFoundException($"No user has id {membership.UserId}.");
            }

            if (membership.IsPrimary)
            {
                await context.Set<Membership>().Where(m => m.UserId == membership.UserId && m.TenantId != membership.TenantId && m.IsPrimary)
                    .ExecuteUpdateAsync(set => set.SetProperty(m => m.IsPrimary, false), cancellationToken).ConfigureAwait(false);
            }

            await UpsertAsync(membership, m => m.UserId == membership.UserId && m.TenantId == membership.TenantId, cancellationToken).ConfigureAwait(false);
            await BumpAsync([membership.UserId], cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<bool> RemoveMembershipAsync(Guid userId, Guid tenantId, CancellationToken cancellationToken = default)
    {
        using var scope = StoreScope.For(tenantId);
        return await RemoveAndBumpAsync<Membership>(m => m.UserId == userId && m.TenantId == tenantId, userId, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<Guid>> AddShadowMembershipsAsync(Guid adminTenancyId, Guid tenantId, CancellationToken cancellationToken = default)
    {
        using var scope = StoreScope.AllTenants();
        var transaction = await BeginAsync(lockAdmins: false, cancellationToken).ConfigureAwait(false);
        await using (transaction.ConfigureAwait(false))
        {
            var staff = await Memberships
                .Where(m => m.TenantId == adminTenancyId && !m.IsShadow)
                .Join(Users.Where(u => u.IsActive), m => m.UserId, u => u.Id, (m, u) => u.Id)
                .Where(id => !Memberships.Any(existing => existing.UserId == id && existing.TenantId == tenantId))
                .ToListAsync(cancellationToken).ConfigureAwait(false);
            await SaveAsync(own => own.AddRange(staff.Select(id => new Membership { UserId = id, TenantId = tenantId, IsShadow = true })), cancellationToken).ConfigureAwait(false);
            await BumpAsync(staff, cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return staff;
        }
    }

    public async Task<IReadOnlyList<TenantRole>> ListRolesAsync(Guid tenantId, CancellationToken cancellationToken = default)
    {
        using var scope = StoreScope.For(tenantId);
        return await Roles.Where(r => r.TenantId == tenantId).OrderBy(r => r.Name).ToListAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<TenantRole>> ListInheritedRolesAsync(Guid tenantId, CancellationToken cancellationToken = default)
    {
        using var scope = StoreScope.AllTenants();
        var ancestry = (await TenantLineage.AncestriesAsync(context, [tenantId], cancellationToken).ConfigureAwait(false))[tenantId];
        if (ancestry.Length == 0)
        {
            return [];
        }

        List<Guid> chain = [tenantId, .. ancestry];
        var roles = await Roles.Where(r => chain.Contains(r.TenantId)).ToListAsync(cancellationToken).ConfigureAwait(false);
        return TenantAccessFacts.Inherited(chain, roles);
    }

    public async Task SaveRoleAsync(TenantRole role, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(role);
        var normalized = AccessColumns.Normalize(role.Name);
        using var scope = StoreScope.For(role.TenantId);
        var transaction = await BeginAsync(lockAdmins: false, cancellationToken).ConfigureAwait(false);
        await using (transaction.ConfigureAwait(false))
        {
            await context.Set<TenantRole>().Where(r => r.TenantId == role.TenantId && EF.Property<string>(r, AccessColumns.NormalizedName) == normalized)
                .ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
            await SaveAsync(own => own.Add(role), cancellationToken).ConfigureAwait(false);
            await CacheNotifications.SendAsync(context.Database, [CacheChange.OfTenant(role.TenantId)], cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<bool> RemoveRoleAsync(Guid tenantId, string name, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        var normalized = AccessColumns.Normalize(name);
        using var scope = StoreScope.For(tenantId);
        var transaction = await BeginAsync(lockAdmins: false, cancellationToken).ConfigureAwait(false);
        await using (transaction.ConfigureAwait(false))
        {
            var removed = await context.Set<TenantRole>().Where(r => r.TenantId == tenantId && EF.Property<string>(r, AccessColumns.NormalizedName) == normalized)
                .ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false) > 0;
            var inheritors = removed ? await InheritorsAsync(tenantId, normalized, cancellationToken).ConfigureAwait(false) : [];
            using var branch = inheritors.Count == 0 ? null : StoreScope.AllTenants();
            var holders = (await Memberships.Where(m => m.TenantId == tenantId || inheritors.Contains(m.TenantId)).ToListAsync(cancellationToken).ConfigureAwait(false))
                .Where(m => m.Roles.Contains(name, StringComparer.OrdinalIgnoreCase))
                .ToList();
            await SaveAsync(
                own => own.UpdateRange(holders.Select(h => h with { Roles = [.. h.Roles.Where(r => !string.Equals(r, name, StringComparison.OrdinalIgnoreCase))] })),
                cancellationToken).ConfigureAwait(false);
            var holderIds = holders.ConvertAll(h => h.UserId);
            await BumpAsync(holderIds, cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return removed;
        }
    }

    // The descendants that inherited the role of that name from tenantId: not those defining their own, nor anything under them.
    private async Task<List<Guid>> InheritorsAsync(Guid tenantId, string normalized, CancellationToken cancellationToken)
    {
        using var scope = StoreScope.AllTenants();
        var all = await TenantLineage.DescendantsAsync(context, tenantId, _ => true, cancellationToken).ConfigureAwait(false);
        if (all.Count == 0)
        {
            return [];
        }

        var defining = (await Roles.Where(r => all.Contains(r.TenantId) && EF.Property<string>(r, AccessColumns.NormalizedName) == normalized)
            .Select(r => r.TenantId).ToListAsync(cancellationToken).ConfigureAwait(false)).ToHashSet();
        return await TenantLineage.DescendantsAsync(context, tenantId, id => !defining.Contains(id), cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<TechnicianGrant?> FindGrantAsync(Guid userId, Guid tenantId, CancellationToken cancellationToken = default)
    {
        using var scope = StoreScope.For(tenantId);
        return await context.Set<TechnicianGrant>().AsNoTracking().FirstOrDefaultAsync(g => g.UserId == userId && g.TenantId == tenantId, cancellationToken).ConfigureAwait(false);
    }

    public async Task SaveGrantAsync(TechnicianGrant grant, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(grant);
        using var scope = StoreScope.For(grant.TenantId);
        var transaction = await BeginAsync(lockAdmins: false, cancellationToken).ConfigureAwait(false);
        await using (transaction.ConfigureAwait(false))
        {
            await UpsertAsync(grant, g => g.UserId == grant.UserId && g.TenantId == grant.TenantId, cancellationToken).ConfigureAwait(false);
            await BumpAsync([grant.UserId], cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    // The elevation goes after the bump, which waits on the user's row: an elevation being saved (which bumps first)
    // has then committed, and its row is deleted here too instead of outliving the grant it sat on.
    public async Task<bool> RemoveGrantAsync(Guid userId, Guid tenantId, CancellationToken cancellationToken = default)
    {
        using var scope = StoreScope.For(tenantId);
        var transaction = await BeginAsync(lockAdmins: false, cancellationToken).ConfigureAwait(false);
        await using (transaction.ConfigureAwait(false))
        {
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

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return removed;
        }
    }

    // The bump comes first: it holds the user's row, so a concurrent revocation of the grant either committed before the
    // check below sees it, or deletes this elevation after this commits (RemoveGrantAsync).
    public async Task<bool> SaveElevationAsync(TechnicianElevation elevation, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(elevation);
        using var scope = StoreScope.For(elevation.TenantId);
        var transaction = await BeginAsync(lockAdmins: false, cancellationToken).ConfigureAwait(false);
        await using (transaction.ConfigureAwait(false))
        {
            await BumpAsync([elevation.UserId], cancellationToken).ConfigureAwait(false);
            var at = elevation.ActivatedAt;
            if (!await Grants.AnyAsync(
                g => g.UserId == elevation.UserId && g.TenantId == elevation.TenantId && (g.ExpiresAt == null || g.ExpiresAt > at), cancellationToken).ConfigureAwait(false))
            {
                await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
                return false;
            }

            await UpsertAsync(elevation, e => e.UserId == elevation.UserId && e.TenantId == elevation.TenantId, cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }
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
        var ancestry = (await TenantLineage.AncestriesAsync(context, [tenantId], cancellationToken).ConfigureAwait(false))[tenantId];
        if (ancestry.Length == 0)
        {
            return [];
        }

        var found = await Grants.Where(g => ancestry.Contains(g.TenantId) && g.IncludesDescendants)
            .Join(Users, g => g.UserId, u => u.Id, (g, u) => new { Grant = g, User = u })
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return [.. found.OrderBy(g => Array.IndexOf(ancestry, g.Grant.TenantId)).ThenBy(g => g.User.UserName, StringComparer.Ordinal).Select(g => (g.User, g.Grant))];
    }

    public async Task AddGrantRequestAsync(TechnicianGrantRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var scope = StoreScope.For(request.TenantId);
        var transaction = await BeginAsync(lockAdmins: false, cancellationToken).ConfigureAwait(false);
        await using (transaction.ConfigureAwait(false))
        {
            if (await GrantRequests.AnyAsync(r => r.Id == request.Id, cancellationToken).ConfigureAwait(false))
            {
                throw new ConflictException("grant request", "id", request.Id.ToString());
            }

            await WithdrawGrantRequestsAsync(request.UserId, request.TenantId, request.RequestedAt, cancellationToken).ConfigureAwait(false);
            await SaveAsync(own => own.Add(request), cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
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
        var transaction = await BeginAsync(lockAdmins: false, cancellationToken).ConfigureAwait(false);
        await using (transaction.ConfigureAwait(false))
        {
            // A demoted technician's request is never granted; the role change and this step both write the user's row.
            if (await GrantRequests.FirstOrDefaultAsync(r => r.Id == requestId && r.TenantId == tenantId, cancellationToken).ConfigureAwait(false) is not { } request
                || !await Users.AnyAsync(u => u.Id == request.UserId && u.SystemRole == SystemRole.Technician, cancellationToken).ConfigureAwait(false)
                || !await CloseGrantRequestAsync(tenantId, requestId, TechnicianGrantRequestState.Approved, approvedBy, at, cancellationToken).ConfigureAwait(false))
            {
                return null;
            }

            var grant = request.ToGrant(at);
            await UpsertAsync(grant, g => g.UserId == grant.UserId && g.TenantId == grant.TenantId, cancellationToken).ConfigureAwait(false);
            await BumpAsync([grant.UserId], cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return grant;
        }
    }

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

    public async Task AddInvitationAsync(TenantInvitation invitation, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(invitation);
        using var scope = StoreScope.For(invitation.TenantId);
        var transaction = await BeginAsync(lockAdmins: false, cancellationToken).ConfigureAwait(false);
        await using (transaction.ConfigureAwait(false))
        {
            if (await Invitations.AnyAsync(i => i.Id == invitation.Id, cancellationToken).ConfigureAwait(false))
            {
                throw new ConflictException("invitation", "id", invitation.Id.ToString());
            }

            await context.Set<TenantInvitation>()
                .Where(i => i.TenantId == invitation.TenantId && i.InvitedUserId == invitation.InvitedUserId && i.State == TenantInvitationState.Pending)
                .ExecuteUpdateAsync(set => set.SetProperty(i => i.State, TenantInvitationState.Revoked).SetProperty(i => i.ClosedAt, invitation.CreatedAt), cancellationToken)
                .ConfigureAwait(false);
            await SaveAsync(own => own.Add(invitation), cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    // Invitations are found by id or by invited user whatever tenant sent them, so those reach every tenant.
    public async ValueTask<TenantInvitation?> FindInvitationAsync(Guid invitationId, CancellationToken cancellationToken = default)
    {
        using var scope = StoreScope.AllTenants();
        return await Invitations.FirstOrDefaultAsync(i => i.Id == invitationId, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<TenantInvitation>> ListOpenInvitationsAsync(Guid tenantId, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        using var scope = StoreScope.For(tenantId);
        return await ListOpenInvitationsAsync(i => i.TenantId == tenantId, now, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<TenantInvitation>> ListOpenInvitationsForUserAsync(Guid userId, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        using var scope = StoreScope.AllTenants();
        return await ListOpenInvitationsAsync(i => i.InvitedUserId == userId, now, cancellationToken).ConfigureAwait(false);
    }

    public async Task<bool> RevokeInvitationAsync(Guid tenantId, Guid invitationId, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        using var scope = StoreScope.For(tenantId);
        return await CloseInvitationAsync(i => i.Id == invitationId && i.TenantId == tenantId, TenantInvitationState.Revoked, at, cancellationToken).ConfigureAwait(false);
    }

    public async Task<bool> DeclineInvitationAsync(Guid userId, Guid invitationId, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        using var scope = StoreScope.AllTenants();
        return await CloseInvitationAsync(i => i.Id == invitationId && i.InvitedUserId == userId, TenantInvitationState.Declined, at, cancellationToken).ConfigureAwait(false);
    }

    // The conditional update is the gate: of concurrent accepts, the first to update the row wins, and the others
    // (waiting on its row lock, or on SQLite's write lock) find it no longer pending.
    public async Task<Membership?> AcceptInvitationAsync(Guid userId, Guid invitationId, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        using var scope = StoreScope.AllTenants();
        var transaction = await BeginAsync(lockAdmins: false, cancellationToken).ConfigureAwait(false);
        await using (transaction.ConfigureAwait(false))
        {
            if (!await Users.AnyAsync(u => u.Id == userId, cancellationToken).ConfigureAwait(false)
                || !await CloseInvitationAsync(i => i.Id == invitationId && i.InvitedUserId == userId, TenantInvitationState.Accepted, at, cancellationToken).ConfigureAwait(false))
            {
                return null;
            }

            var invitation = await Invitations.FirstAsync(i => i.Id == invitationId, cancellationToken).ConfigureAwait(false);
            var tenantRoles = (await Roles.Where(r => r.TenantId == invitation.TenantId).Select(r => r.Name).ToListAsync(cancellationToken).ConfigureAwait(false))
                .Concat((await ListInheritedRolesAsync(invitation.TenantId, cancellationToken).ConfigureAwait(false)).Select(r => r.Name))
                .ToList();
            var membership = MembershipRules.Accepting(
                invitation, await FindMembershipAsync(userId, invitation.TenantId, cancellationToken).ConfigureAwait(false), tenantRoles);
            await UpsertAsync(membership, m => m.UserId == userId && m.TenantId == invitation.TenantId, cancellationToken).ConfigureAwait(false);
            await BumpAsync([userId], cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return membership;
        }
    }

    private async Task<IReadOnlyList<TenantInvitation>> ListOpenInvitationsAsync(
        Expression<Func<TenantInvitation, bool>> which, DateTimeOffset now, CancellationToken cancellationToken) =>
        await Invitations.Where(which).Where(i => i.State == TenantInvitationState.Pending && i.ExpiresAt > now)
            .OrderByDescending(i => i.CreatedAt).ThenByDescending(i => i.Id)
            .ToListAsync(cancellationToken).ConfigureAwait(false);

    // Closes the invitation if it is open at `at`, in one statement, so two closings of one invitation cannot both succeed.
    private async Task<bool> CloseInvitationAsync(
        Expression<Func<TenantInvitation, bool>> which, TenantInvitationState state, DateTimeOffset at, CancellationToken cancellationToken) =>
        await context.Set<TenantInvitation>().Where(which).Where(i => i.State == TenantInvitationState.Pending && i.ExpiresAt > at)
            .ExecuteUpdateAsync(set => set.SetProperty(i => i.State, state).SetProperty(i => i.ClosedAt, at), cancellationToken).ConfigureAwait(false) == 1;

    // Answers a pending request in one statement, so two answers to one request cannot both succeed.
    private async Task<bool> CloseGrantRequestAsync(
        Guid tenantId, Guid requestId, TechnicianGrantRequestState state, Guid answeredBy, DateTimeOffset at, CancellationToken cancellationToken) =>
        await context.Set<TechnicianGrantRequest>()
            .Where(r => r.Id == requestId && r.TenantId == tenantId && r.State == TechnicianGrantRequestState.Pending)
            .ExecuteUpdateAsync(
                set => set.SetProperty(r => r.State, state).SetProperty(r => r.AnsweredBy, answeredBy).SetProperty(r => r.ClosedAt, at),
                cancellationToken).ConfigureAwait(false) == 1;

    // The other half of the shadow rule (MembershipRules): a non-shadow membership in the admin tenancy.
    private Task<bool> InAdminTenancyAsync(Guid userId, CancellationToken cancellationToken) =>
        Memberships.AnyAsync(
            m => m.UserId == userId && !m.IsShadow && context.Set<Tenant>().Any(t => t.Id == m.TenantId && t.IsAdminTenancy),
            cancellationToken);

    // The users' access changed: tokens issued before now carry an older version and are refused as outdated,
    // and other nodes drop what they cached once the change commits (CacheNotifications).
    private async Task BumpAsync(List<Guid> userIds, CancellationToken cancellationToken)
    {
        if (userIds.Count == 0)
        {
            return;
        }

        await context.Set<HubUser>().Where(u => userIds.Contains(u.Id))
            .ExecuteUpdateAsync(set => set.SetProperty(u => u.AccessVersion, u => u.AccessVersion + 1), cancellationToken).ConfigureAwait(false);
        await CacheNotifications.SendAsync(context.Database, userIds.Select(CacheChange.OfUser), cancellationToken).ConfigureAwait(false);
    }

    // Deletes what `which` finds and, if it found anything, bumps userId in the same transaction.
    private async Task<bool> RemoveAndBumpAsync<T>(Expression<Func<T, bool>> which, Guid userId, CancellationToken cancellationToken)
        where T : class
    {
        var transaction = await BeginAsync(lockAdmins: false, cancellationToken).ConfigureAwait(false);
        await using (transaction.ConfigureAwait(false))
        {
            var removed = await context.Set<T>().Where(which).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false) > 0;
            if (removed)
            {
                await BumpAsync([userId], cancellationToken).ConfigureAwait(false);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return removed;
        }
    }

    // Must run inside a transaction: the delete and the insert are one replacement.
    private async Task UpsertAsync<T>(T row, Expression<Func<T, bool>> key, CancellationToken cancellationToken)
        where T : class
    {
        await context.Set<T>().Where(key).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
        await SaveAsync(own => own.Add(row), cancellationToken).ConfigureAwait(false);
    }

    // Through MspHub's own context, in the transaction begun or joined on the host's: the host's tracked entities stay as they are.
    private Task SaveAsync(Action<TContext> stage, CancellationToken cancellationToken) => OwnContext.SaveAsync(context, stage, cancellationToken);

    private Task<StoreTransaction> BeginAsync(bool lockAdmins, CancellationToken cancellationToken) =>
        context.Database.BeginOrJoinAsync(lockAdmins ? AccessColumns.AdminLock : null, cancellationToken);

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
