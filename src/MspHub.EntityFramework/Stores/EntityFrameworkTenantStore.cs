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
/// for, so the last place cannot be taken twice. An update writes only the columns its change touched, and
/// only if the row's version is still the one it read (<see cref="StoreDatabase.TenantVersion"/>).
/// </remarks>
internal sealed class EntityFrameworkTenantStore<TContext>(TContext context, ITenantLimit? limit = null) : ITenantStore, ITransactionalStore
    where TContext : DbContext
{
    public bool IsInTransaction => TransactionEndCallbacks.IsOpen(context.Database);

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

        // Sorting by usage reads the listed tenants' quota counters.
        using var scope = StoreScope.AllTenants();
        var matching = Filter(query);
        if (query.Search is not null && query.SortBy != TenantSortField.Usage)
        {
            return await SearchAsync(query, matching, cancellationToken).ConfigureAwait(false);
        }

        var page = query.SortBy == TenantSortField.Usage
            ? await PageByUsageAsync(query, matching, cancellationToken).ConfigureAwait(false)
            : await query.SortAndPage(matching).ToListAsync(cancellationToken).ConfigureAwait(false);
        var total = TotalShownBy(query, page.Count) ?? await matching.CountAsync(cancellationToken).ConfigureAwait(false);
        return new PagedResult<Tenant>(page, total, query.Page, query.PageSize);
    }

    // A search reads every tenant (no index serves '%term%' but the optional trigram ones), so the page and the count
    // of the matches come from that one read, the count beside each row; only a page past the end counts again.
    private static async Task<PagedResult<Tenant>> SearchAsync(TenantQuery query, IQueryable<Tenant> matching, CancellationToken cancellationToken)
    {
        var rows = await query.Sort(matching).Select(t => new { Tenant = t, Total = MatchCount.Of(t.Id) })
            .Skip(query.Skipped).Take(query.PageSize).ToListAsync(cancellationToken).ConfigureAwait(false);
        var total = rows.Count > 0 ? checked((int)rows[0].Total)
            : query.Page == 1 ? 0
            : await matching.CountAsync(cancellationToken).ConfigureAwait(false);
        return new PagedResult<Tenant>([.. rows.Select(r => r.Tenant)], total, query.Page, query.PageSize);
    }

    // A page that is not full is the last one, so it tells the total and the count (a second read of every match)
    // is needed only for a full page or one past the end: a small list or a narrow search is one query.
    private static int? TotalShownBy(TenantQuery query, int listed) =>
        listed < query.PageSize && (listed > 0 || query.Page == 1) ? query.Skipped + listed : null;

    // The search as LIKE '%term%' over the slug and the lower-cased name rather than the query's Contains, which
    // PostgreSQL runs as strpos(): the same matches, and a trigram index (pg_trgm, which a host may add; see the
    // benchmarks page) can serve a LIKE, never a strpos(). SQLite's LIKE already ignores case exactly as far as its
    // lower() folds it (ASCII), so there the name is matched as stored, without a lower() per row.
    private IQueryable<Tenant> Filter(TenantQuery query)
    {
        if (query.Search is not { } search)
        {
            return query.Filter(Tenants);
        }

        var pattern = $"%{LikePattern.Escape(search)}%";
        var tenants = (query with { Search = null }).Filter(Tenants);
        if (context.Database.IsSqlite())
        {
            return tenants.Where(t => EF.Functions.Like(t.Slug, pattern, LikePattern.EscapeText) || EF.Functions.Like(t.Name, pattern, LikePattern.EscapeText));
        }

#pragma warning disable CA1304, CA1311, CA1862 // ToLower() is what EF Core translates to the database's lower()
        return tenants.Where(t => EF.Functions.Like(t.Slug, pattern, LikePattern.EscapeText) || EF.Functions.Like(t.Name.ToLower(), pattern, LikePattern.EscapeText));
#pragma warning restore CA1304, CA1311, CA1862
    }

    // Three columns of every tenant in one query: the tree is small next to any page of tenant data.
    public async Task<IReadOnlyList<TenantNode>> ListTreeAsync(CancellationToken cancellationToken = default) =>
        await Tenants.Select(t => new TenantNode(t.Id, t.ParentId, t.Name) { IsAdminTenancy = t.IsAdminTenancy }).ToListAsync(cancellationToken).ConfigureAwait(false);

    public async Task<TenantCount> CountAsync(CancellationToken cancellationToken = default) =>
        new(await Tenants.CountAsync(cancellationToken).ConfigureAwait(false), limit?.MaxTenants);

    public async ValueTask<TenantStatus?> FindStatusAsync(Guid id, CancellationToken cancellationToken = default) =>
        await Tenants.Where(t => t.Id == id).Select(t => (TenantStatus?)t.Status).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);

    public void AfterTransaction(Action callback) => TransactionEndCallbacks.After(context.Database, callback);

    public Task AddAsync(Tenant tenant, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        if (tenant.IsAdminTenancy)
        {
            TenantChanges.RefuseAsAdminTenancy(tenant);
        }

        if (limit?.MaxTenants is not { } max)
        {
            return RunAnnouncedAsync($"adding tenant '{tenant.Slug}'", () => InsertAsync(tenant, cancellationToken), cancellationToken);
        }

        return StoreOperation.RunAsync(context.Database, $"adding tenant '{tenant.Slug}'", StoreDatabase.TenantCountLock, async _ =>
        {
            var used = await Tenants.CountAsync(cancellationToken).ConfigureAwait(false);
            if (used >= max)
            {
                throw new TenantLimitExceededException(used, max, limit?.MaxTenantsReason);
            }

            return await InsertAsync(tenant, cancellationToken).ConfigureAwait(false);
        }, cancellationToken);
    }

    // Read, change, write if the version is still the one read; a concurrent writer in between makes the write
    // miss, and the change is applied again to what that writer left. A write is announced to other nodes in its
    // transaction, so they hear of it once it commits.
    public Task<Tenant> UpdateAsync(Guid id, Func<Tenant, Tenant> change, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(change);
        return RunAnnouncedAsync($"changing tenant {id}", async () =>
        {
            for (var attempt = 0; attempt < MaxUpdateAttempts; attempt++)
            {
                var read = await Tenants.Where(t => t.Id == id)
                    .Select(t => new { Tenant = t, Version = EF.Property<long>(t, StoreDatabase.TenantVersion) })
                    .FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false) ?? throw new TenantNotFoundException(id.ToString());
                var changed = TenantChanges.Apply(read.Tenant, change);
                if (changed.Equals(read.Tenant))
                {
                    return changed;
                }

                if (await WriteAsync(read.Tenant, changed, read.Version, cancellationToken).ConfigureAwait(false))
                {
                    await AnnounceAsync([id], cancellationToken).ConfigureAwait(false);
                    return changed;
                }
            }

            throw ConflictException.ChangedMeanwhile("tenant", id.ToString());
        }, cancellationToken);
    }

    // Under the hierarchy lock, so two designations run one after the other and each clears what the last one set; the
    // old flag is cleared before the new one is set, as the unique index on the flag allows no moment with two.
    public Task<IReadOnlyList<Guid>> DesignateAdminTenancyAsync(Guid id, CancellationToken cancellationToken = default) =>
        StoreOperation.RunAsync(context.Database, $"designating tenant {id} the admin tenancy", StoreDatabase.HierarchyLock, async _ =>
        {
            var read = await Tenants.Where(t => t.Id == id).Select(t => new { Tenant = t, Version = EF.Property<long>(t, StoreDatabase.TenantVersion) })
                .FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false) ?? throw new TenantNotFoundException(id.ToString());
            TenantChanges.RefuseAsAdminTenancy(read.Tenant);
            IReadOnlyList<Guid> previous = await Tenants.Where(t => t.Id != id && t.IsAdminTenancy).Select(t => t.Id).ToListAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                await context.Set<Tenant>().Where(t => t.Id != id && t.IsAdminTenancy).ExecuteUpdateAsync(
                    set => set.SetProperty(t => t.IsAdminTenancy, false).SetProperty(t => EF.Property<long>(t, StoreDatabase.TenantVersion), t => EF.Property<long>(t, StoreDatabase.TenantVersion) + 1),
                    cancellationToken).ConfigureAwait(false);

                // Only the version read: a move, suspension or deletion fence that got there first is not overruled.
                if (await context.Set<Tenant>().Where(t => t.Id == id && EF.Property<long>(t, StoreDatabase.TenantVersion) == read.Version).ExecuteUpdateAsync(
                    set => set.SetProperty(t => t.IsAdminTenancy, true).SetProperty(t => EF.Property<long>(t, StoreDatabase.TenantVersion), t => EF.Property<long>(t, StoreDatabase.TenantVersion) + 1),
                    cancellationToken).ConfigureAwait(false) == 0)
                {
                    throw ConflictException.ChangedMeanwhile("tenant", id.ToString());
                }
            }
            catch (Npgsql.PostgresException error) when (error.SqlState == Npgsql.PostgresErrorCodes.UniqueViolation)
            {
                // Another admin tenancy set around MspHub's lock (a write of the host's own): the unique index refused it.
                throw ConflictException.ChangedMeanwhile("tenant", id.ToString(), error);
            }

            await AnnounceAsync([id, .. previous], cancellationToken).ConfigureAwait(false);
            // What the tenants under the old and the new admin tenancy inherit changed with the flag (TenantChainAccess).
            await CacheNotifications.SendAsync(context.Database, previous.Append(id).Select(CacheChange.OfTenant), cancellationToken).ConfigureAwait(false);
            return previous;
        }, cancellationToken);

    public Task<bool> RemoveAsync(Guid id, CancellationToken cancellationToken = default) =>
        RunAnnouncedAsync($"removing tenant {id}", async () =>
        {
            var removed = await context.Set<Tenant>().Where(t => t.Id == id).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false) > 0;
            if (removed)
            {
                await AnnounceAsync([id], cancellationToken).ConfigureAwait(false);
            }

            return removed;
        }, cancellationToken);

    // On PostgreSQL a write and its announcement commit together, in the caller's transaction or one of their own.
    // Elsewhere nothing is announced in the database and each statement commits alone: a SQLite transaction would
    // hold the file's write lock from the read to the write, and a concurrent writer would find the file locked.
    private Task<T> RunAnnouncedAsync<T>(string operation, Func<Task<T>> steps, CancellationToken cancellationToken) =>
        context.Database.IsPostgres()
            ? StoreOperation.RunAsync(context.Database, operation, lockKey: null, _ => steps(), cancellationToken)
            : StoreOperation.RunAsync(context.Database, operation, steps, cancellationToken);

    // Tells the other nodes' tenant caches, in the transaction that made the change.
    private Task AnnounceAsync(IEnumerable<Guid> tenantIds, CancellationToken cancellationToken) =>
        CacheNotifications.SendAsync(context.Database, tenantIds.Select(CacheChange.OfTenantState), cancellationToken);

    // Tenants by usage in two runs, each read in an index's order up to the page and no further: the tenants that
    // used some of the quota (by the counters' quota-and-usage index), and the ones that used none (no counter, or
    // a counter at zero; by name). Descending puts the users first, ascending last; ties go by name, then id, as
    // before. The second run is read only when the page reaches past the end of the first.
    private async Task<List<Tenant>> PageByUsageAsync(TenantQuery query, IQueryable<Tenant> matching, CancellationToken cancellationToken)
    {
        var quota = query.UsageQuota ?? throw new ArgumentException("Sorting tenants by usage needs TenantQuery.UsageQuota, the quota to sort by.", nameof(query));
        var counters = context.Set<QuotaCounterRow>().Where(c => c.Quota == quota && c.Used > 0);
        var users = matching.Join(counters, t => t.Id, c => c.TenantId, (t, c) => new { Tenant = t, c.Used });
        var byUsage = (query.Descending ? users.OrderByDescending(u => u.Used) : users.OrderBy(u => u.Used))
            .ThenBy(u => u.Tenant.Name).ThenBy(u => u.Tenant.Id).Select(u => u.Tenant);
        var nonUsers = matching.Where(t => !counters.Any(c => c.TenantId == t.Id)).OrderBy(t => t.Name).ThenBy(t => t.Id).AsQueryable();
        var (first, second) = query.Descending ? (byUsage, nonUsers) : (nonUsers, byUsage);

        var skip = query.Skipped;
        var page = await first.Skip(skip).Take(query.PageSize).ToListAsync(cancellationToken).ConfigureAwait(false);
        if (page.Count == query.PageSize)
        {
            return page;
        }

        var firstCount = page.Count > 0 ? skip + page.Count : await first.CountAsync(cancellationToken).ConfigureAwait(false);
        page.AddRange(await second.Skip(Math.Max(0, skip - firstCount)).Take(query.PageSize - page.Count).ToListAsync(cancellationToken).ConfigureAwait(false));
        return page;
    }

    private const int MaxUpdateAttempts = 5;

    // Announced too: another node may remember the id or slug as unknown.
    private async Task<bool> InsertAsync(Tenant tenant, CancellationToken cancellationToken)
    {
        await StoreWrites.InsertAsync(context, tenant, ct => ConflictOrNullAsync(tenant, isNew: true, ct), cancellationToken).ConfigureAwait(false);
        await AnnounceAsync([tenant.Id], cancellationToken).ConfigureAwait(false);
        return true;
    }

    // Only the columns the change touched, and only over the version that was read; false when another writer
    // got there first. Inside a transaction (the caller's, or a lifecycle operation's) the write is behind a
    // savepoint, so a refused write leaves the transaction usable to find the conflict (PostgreSQL aborts the whole
    // transaction on an error otherwise).
    private async Task<bool> WriteAsync(Tenant current, Tenant changed, long version, CancellationToken cancellationToken)
    {
        var transaction = context.Database.CurrentTransaction;
        if (transaction is not null)
        {
            await transaction.CreateSavepointAsync(WriteSavepoint, cancellationToken).ConfigureAwait(false);
        }

        try
        {
            return await context.Set<Tenant>()
                .Where(t => t.Id == current.Id && EF.Property<long>(t, StoreDatabase.TenantVersion) == version)
                .ExecuteUpdateAsync(
                    set =>
                    {
                        set.SetProperty(t => EF.Property<long>(t, StoreDatabase.TenantVersion), version + 1);
                        if (changed.Slug != current.Slug)
                        {
                            set.SetProperty(t => t.Slug, changed.Slug);
                        }

                        if (changed.Name != current.Name)
                        {
                            set.SetProperty(t => t.Name, changed.Name);
                        }

                        if (changed.ParentId != current.ParentId)
                        {
                            set.SetProperty(t => t.ParentId, changed.ParentId);
                        }

                        if (changed.Status != current.Status)
                        {
                            set.SetProperty(t => t.Status, changed.Status);
                        }

                        if (!changed.DisabledFeatures.SequenceEqual(current.DisabledFeatures))
                        {
                            set.SetProperty(t => t.DisabledFeatures, changed.DisabledFeatures);
                        }

                        if (!changed.EnabledFeatures.SequenceEqual(current.EnabledFeatures))
                        {
                            set.SetProperty(t => t.EnabledFeatures, changed.EnabledFeatures);
                        }
                    },
                    cancellationToken).ConfigureAwait(false) == 1;
        }
        catch (DbException error) when (StoreOperation.IsConnectionOpen(context.Database))
        {
            if (transaction is not null)
            {
                await transaction.RollbackToSavepointAsync(WriteSavepoint, cancellationToken).ConfigureAwait(false);
            }

            throw await ConflictOrNullAsync(changed, isNew: false, cancellationToken).ConfigureAwait(false) ?? (Exception)error;
        }
    }

    private const string WriteSavepoint = "msphub_tenant_write";

    // A unique index refused the write; say which value clashed. A concurrent writer may have taken it
    // between our write and this read, which still is a conflict on that value.
    private async Task<ConflictException?> ConflictOrNullAsync(Tenant tenant, bool isNew, CancellationToken cancellationToken)
    {
        if (isNew && await Tenants.AnyAsync(t => t.Id == tenant.Id, cancellationToken).ConfigureAwait(false))
        {
            return new ConflictException("tenant", "id", tenant.Id.ToString());
        }

        if (await Tenants.AnyAsync(t => t.Slug == tenant.Slug && t.Id != tenant.Id, cancellationToken).ConfigureAwait(false))
        {
            return new ConflictException("tenant", "slug", tenant.Slug);
        }

        // An install has one admin tenancy; another is designated, never added beside it.
        return tenant.IsAdminTenancy && await Tenants.Where(t => t.IsAdminTenancy && t.Id != tenant.Id).Select(t => t.Slug).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false) is { } holder
            ? new ConflictException("admin tenancy", "tenant", holder)
            : null;
    }
}
