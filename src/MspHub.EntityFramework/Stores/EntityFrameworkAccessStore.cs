using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;

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
// One class, one file per aggregate (EntityFrameworkAccessStore.Users.cs, .Memberships.cs, .Roles.cs, .Grants.cs, .Invitations.cs):
// the operations that span aggregates (a demotion deleting grants, a removed role leaving memberships, an accepted invitation
// saving a membership) run in one transaction on one context with the shared helpers below, so separate classes would only share them back.
internal sealed partial class EntityFrameworkAccessStore<TContext>(TContext context, TimeProvider time) : IAccessStore
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

        var (ancestries, adminTenancyId) = await TenantLineage.AccessAncestriesAsync(context, tenantIds, cancellationToken).ConfigureAwait(false);
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
            new TenantChainAccess(tenantId, ancestries[tenantId], memberships, roles, grants) { AdminTenancyId = adminTenancyId }.For(user, shadowsHold)
                .WithElevation(elevations.GetValueOrDefault(tenantId), now))];
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
            ids.UnionWith(await TenantLineage.AccessHeirsAsync(context, root, _ => true, cancellationToken).ConfigureAwait(false));
        }

        return [.. ids];
    }

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

    // Takes the user's row before anything else the step writes, in the order RowLocks gives.
    private async Task LockUserAsync(Guid userId, CancellationToken cancellationToken) =>
        await context.Set<HubUser>().Where(u => u.Id == userId).LockAsync(cancellationToken).ConfigureAwait(false);

    // Deletes what `which` finds and, if it found anything, bumps userId in the same transaction.
    private async Task<bool> RemoveAndBumpAsync<T>(Expression<Func<T, bool>> which, Guid userId, CancellationToken cancellationToken)
        where T : class
    {
        return await RunAsync("removing access", lockAdmins: false, async _ =>
        {
            await LockUserAsync(userId, cancellationToken).ConfigureAwait(false);
            var removed = await context.Set<T>().Where(which).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false) > 0;
            if (removed)
            {
                await BumpAsync([userId], cancellationToken).ConfigureAwait(false);
            }

            return removed;
        }, cancellationToken).ConfigureAwait(false);
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

    // A write of several steps in one transaction, with a lost connection surfaced as StoreConnectionLostException.
    private Task<T> RunAsync<T>(string operation, bool lockAdmins, Func<StoreTransaction, Task<T>> steps, CancellationToken cancellationToken) =>
        StoreOperation.RunAsync(context.Database, operation, lockAdmins ? AccessColumns.AdminLock : null, steps, cancellationToken);

    private Task RunAsync(string operation, bool lockAdmins, Func<StoreTransaction, Task> steps, CancellationToken cancellationToken) =>
        StoreOperation.RunAsync(context.Database, operation, lockAdmins ? AccessColumns.AdminLock : null, steps, cancellationToken);
}
