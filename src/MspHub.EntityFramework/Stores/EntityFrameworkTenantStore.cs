using System.Data.Common;
using Microsoft.EntityFrameworkCore;

namespace MspHub.EntityFramework;

/// <summary>
/// <see cref="ITenantStore"/> over the <c>tenants</c> table that <c>ApplyMspHub</c> adds to
/// <typeparamref name="TContext"/>. Tenants are immutable records, so writes go straight to the database
/// (<c>ExecuteUpdate</c>, <c>ExecuteDelete</c>) and reads are not tracked.
/// </summary>
/// <remarks>
/// Under a tenant limit an addition counts and inserts in one transaction that concurrent additions wait
/// for, so the last place cannot be taken twice.
/// </remarks>
internal sealed class EntityFrameworkTenantStore<TContext>(TContext context, ITenantLimit? limit = null) : ITransactionalTenantStore
    where TContext : DbContext
{
    public bool IsInTransaction => context.Database.CurrentTransaction is not null || System.Transactions.Transaction.Current is not null;

    private IQueryable<Tenant> Tenants => context.Set<Tenant>().AsNoTracking();

    public async ValueTask<Tenant?> FindByIdAsync(Guid id, CancellationToken cancellationToken = default) =>
        await Tenants.FirstOrDefaultAsync(t => t.Id == id, cancellationToken).ConfigureAwait(false);

    public async ValueTask<Tenant?> FindBySlugAsync(string slug, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(slug);
        var normalized = slug.ToLowerInvariant();
        return await Tenants.FirstOrDefaultAsync(t => t.Slug == normalized, cancellationToken).ConfigureAwait(false);
    }

    public async Task<PagedResult<Tenant>> ListAsync(TenantQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var matching = query.Filter(Tenants);
        var total = await matching.CountAsync(cancellationToken).ConfigureAwait(false);
        var page = await (query.SortBy == TenantSortField.Usage ? SortByUsageAndPage(query, matching) : query.SortAndPage(matching))
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return new PagedResult<Tenant>(page, total, query.Page, query.PageSize);
    }

    public async Task<TenantCount> CountAsync(CancellationToken cancellationToken = default) =>
        new(await Tenants.CountAsync(cancellationToken).ConfigureAwait(false), limit?.MaxTenants);

    public async Task AddAsync(Tenant tenant, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        if (limit?.MaxTenants is not { } max)
        {
            await InsertAsync(tenant, cancellationToken).ConfigureAwait(false);
            return;
        }

        var transaction = await context.Database.BeginOrJoinAsync(StoreDatabase.TenantCountLock, cancellationToken).ConfigureAwait(false);
        await using (transaction.ConfigureAwait(false))
        {
            var used = await Tenants.CountAsync(cancellationToken).ConfigureAwait(false);
            if (used >= max)
            {
                throw new TenantLimitExceededException(used, max);
            }

            await InsertAsync(tenant, cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task UpdateAsync(Tenant tenant, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        int updated;
        try
        {
            updated = await context.Set<Tenant>().Where(t => t.Id == tenant.Id).ExecuteUpdateAsync(
                setters => setters
                    .SetProperty(t => t.Slug, tenant.Slug)
                    .SetProperty(t => t.Name, tenant.Name)
                    .SetProperty(t => t.ParentId, tenant.ParentId)
                    .SetProperty(t => t.Status, tenant.Status)
                    .SetProperty(t => t.IsAdminTenancy, tenant.IsAdminTenancy)
                    .SetProperty(t => t.DisabledFeatures, tenant.DisabledFeatures),
                cancellationToken).ConfigureAwait(false);
        }
        catch (DbException error)
        {
            throw await ConflictOrNullAsync(tenant, isNew: false, cancellationToken).ConfigureAwait(false) ?? (Exception)error;
        }

        if (updated == 0)
        {
            throw new TenantNotFoundException(tenant.Id.ToString());
        }
    }

    public async Task DesignateAdminTenancyAsync(Guid id, CancellationToken cancellationToken = default)
    {
        var transaction = await context.Database.BeginOrJoinAsync(lockKey: null, cancellationToken).ConfigureAwait(false);
        await using (transaction.ConfigureAwait(false))
        {
            if (await context.Set<Tenant>().Where(t => t.Id == id).ExecuteUpdateAsync(set => set.SetProperty(t => t.IsAdminTenancy, true), cancellationToken).ConfigureAwait(false) == 0)
            {
                throw new TenantNotFoundException(id.ToString());
            }

            await context.Set<Tenant>().Where(t => t.Id != id && t.IsAdminTenancy)
                .ExecuteUpdateAsync(set => set.SetProperty(t => t.IsAdminTenancy, false), cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<bool> RemoveAsync(Guid id, CancellationToken cancellationToken = default) =>
        await context.Set<Tenant>().Where(t => t.Id == id).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false) > 0;

    // Tenants without a counter for the quota have used none of it.
    private IQueryable<Tenant> SortByUsageAndPage(TenantQuery query, IQueryable<Tenant> matching)
    {
        var quota = query.UsageQuota ?? throw new ArgumentException("Sorting tenants by usage needs TenantQuery.UsageQuota, the quota to sort by.", nameof(query));
        var counters = context.Set<QuotaCounterRow>().Where(c => c.Quota == quota);
        var withUsage = matching.Select(t => new { Tenant = t, Used = counters.Where(c => c.TenantId == t.Id).Select(c => (long?)c.Used).FirstOrDefault() ?? 0 });
        var sorted = query.Descending ? withUsage.OrderByDescending(t => t.Used) : withUsage.OrderBy(t => t.Used);
        return sorted.ThenBy(t => t.Tenant.Name).ThenBy(t => t.Tenant.Id)
            .Skip((query.Page - 1) * query.PageSize).Take(query.PageSize)
            .Select(t => t.Tenant);
    }

    private Task InsertAsync(Tenant tenant, CancellationToken cancellationToken) =>
        StoreWrites.InsertAsync(context, tenant, ct => ConflictOrNullAsync(tenant, isNew: true, ct), cancellationToken);

    // A unique index refused the write; say which value clashed. A concurrent writer may have taken it
    // between our write and this read, which still is a conflict on that value.
    private async Task<ConflictException?> ConflictOrNullAsync(Tenant tenant, bool isNew, CancellationToken cancellationToken)
    {
        if (isNew && await Tenants.AnyAsync(t => t.Id == tenant.Id, cancellationToken).ConfigureAwait(false))
        {
            return new ConflictException("tenant", "id", tenant.Id.ToString());
        }

        return await Tenants.AnyAsync(t => t.Slug == tenant.Slug && t.Id != tenant.Id, cancellationToken).ConfigureAwait(false)
            ? new ConflictException("tenant", "slug", tenant.Slug)
            : null;
    }
}
