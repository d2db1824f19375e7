using System.Globalization;
using System.Linq.Expressions;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace MspHub.EntityFramework;

/// <summary>
/// <see cref="IQuotaCounter"/> over the quota counters table (named as the model maps it). A consumption is one conditional
/// <c>UPDATE ... SET used = used + n WHERE ... AND n &lt;= limit - used</c>; only when it matches nothing is
/// the tenant's counter row created (an insert that ignores an existing row) and the update tried once more.
/// PostgreSQL locks the row and re-checks the condition for a writer that waited; SQLite's transactions hold
/// the write lock from their start. Either way concurrent writers cannot both pass the limit. The limit a tenant
/// inherits (a parent's subtree limit, else the default, capped by the licence) is read before the update and passed
/// to it; the tenant's own override is read by the update itself. Under row-level security each write reaches only
/// the tenant it counts for, and only the subtree limits are read across tenants; the host's quota defaults and
/// audit hooks run outside that reach.
/// </summary>
internal sealed class EntityFrameworkQuotaCounter<TContext>(
    TContext context, ITenancy tenancy, IEnumerable<IQuotaDefaults> defaults, IAuditLog audit, IHubAlerts alerts, MspHubTelemetry telemetry) : IQuotaCounter
    where TContext : DbContext
{
    private static readonly ConditionalWeakTable<IModel, string> CountStatements = [];

    private readonly IQuotaDefaults[] _defaults = [.. defaults];

    private IQueryable<QuotaCounterRow> Rows => context.Set<QuotaCounterRow>();

    public async Task ConsumeAsync(string quota, long amount = 1, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(quota);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(amount);
        var tenantId = RequireTenant(quota);
        if (context.Database.CurrentTransaction is null && System.Transactions.Transaction.Current is null)
        {
            throw new InvalidOperationException(
                $"Consume quota '{quota}' inside a transaction on the DbContext that saves the item, so the count and the item commit or roll back together, or use ClaimAsync, which opens one.");
        }

        if (await TryConsumeAsync(tenantId, quota, amount, cancellationToken).ConfigureAwait(false) is { } exceeded)
        {
            // In the caller's transaction: it goes if the caller rolls back (ClaimAsync records after its own ends).
            await RecordAsync(exceeded, cancellationToken).ConfigureAwait(false);
            throw exceeded;
        }
    }

    public async Task<IQuotaClaim> ClaimAsync(string quota, long amount = 1, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(quota);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(amount);
        var tenantId = RequireTenant(quota);
        var transaction = await context.Database.BeginOrJoinAsync(lockKey: null, cancellationToken).ConfigureAwait(false);
        QuotaExceededException? exceeded;
        try
        {
            exceeded = await TryConsumeAsync(tenantId, quota, amount, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await transaction.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        if (exceeded is null)
        {
            return transaction;
        }

        // The claim's own transaction is rolled back first, so the refusal is recorded, and the tenant's administrators
        // alerted, in writes that commit.
        await transaction.DisposeAsync().ConfigureAwait(false);
        await RecordAsync(exceeded, cancellationToken).ConfigureAwait(false);
        await alerts.RaiseAsync(
            exceeded.TenantId,
            GateNotificationKind.QuotaReached,
            exceeded.Quota,
            $"Quota '{exceeded.Quota}' refused a creation: {exceeded.Used} of {exceeded.Limit} are used. Creations are refused until the limit is raised or items are removed.",
            cancellationToken).ConfigureAwait(false);
        throw exceeded;
    }

    public async Task ReleaseAsync(string quota, long amount = 1, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(quota);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(amount);
        var tenantId = RequireTenant(quota);
        using var scope = StoreScope.For(tenantId);
        await Rows.Where(r => r.TenantId == tenantId && r.Quota == quota)
            .ExecuteUpdateAsync(set => set.SetProperty(r => r.Used, r => r.Used > amount ? r.Used - amount : 0), cancellationToken).ConfigureAwait(false);
    }

    // Counts the amount, or leaves the counter alone and says by how much the tenant is over.
    private async Task<QuotaExceededException?> TryConsumeAsync(Guid tenantId, string quota, long amount, CancellationToken cancellationToken)
    {
        var inherited = await InheritedLimitAsync(tenantId, quota, cancellationToken).ConfigureAwait(false);
        if (await CountAsync(tenantId, quota, amount, inherited, QuotaLimits.Cap(_defaults, quota), cancellationToken).ConfigureAwait(false))
        {
            telemetry.QuotaConsumed(quota, amount, tenantId);
            return null;
        }

        telemetry.QuotaExceeded(quota, tenantId);
        var usage = await GetUsageAsync(tenantId, quota, cancellationToken).ConfigureAwait(false);
        return new QuotaExceededException(tenantId, quota, usage.Used, usage.Limit, amount, QuotaLimits.CapReason(_defaults, quota, usage.Limit));
    }

    private Task<AuditRecord?> RecordAsync(QuotaExceededException exceeded, CancellationToken cancellationToken) =>
        audit.RecordAsync(
            new AuditEntry(AuditActions.QuotaExceeded, exceeded.TenantId)
            {
                TargetType = "quota",
                TargetId = exceeded.Quota,
                Outcome = AuditOutcome.Refused,
                Reason = "The tenant is at its limit.",
                Detail = new Dictionary<string, string>
                {
                    ["used"] = exceeded.Used.ToString(CultureInfo.InvariantCulture),
                    ["limit"] = exceeded.Limit.ToString(CultureInfo.InvariantCulture),
                    ["requested"] = exceeded.Requested.ToString(CultureInfo.InvariantCulture),
                },
            },
            cancellationToken);

    public async Task<QuotaUsage> GetUsageAsync(Guid tenantId, string quota, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(quota);
        var row = await FindRowAsync(tenantId, quota, cancellationToken).ConfigureAwait(false);
        var inherited = await InheritedLimitAsync(tenantId, quota, cancellationToken).ConfigureAwait(false);
        return new QuotaUsage(quota, row?.Used ?? 0, QuotaLimits.Effective(row?.LimitOverride, inherited, QuotaLimits.Cap(_defaults, quota)));
    }

    public Task SetLimitAsync(Guid tenantId, string quota, long? limit, CancellationToken cancellationToken = default) =>
        SetAsync(tenantId, quota, limit, r => r.LimitOverride, appliesTo: "tenant", cancellationToken);

    public Task SetSubtreeLimitAsync(Guid tenantId, string quota, long? limit, CancellationToken cancellationToken = default) =>
        SetAsync(tenantId, quota, limit, r => r.SubtreeLimit, appliesTo: "subtree", cancellationToken);

    // Writes one of the tenant's two limits, in the audit record's transaction.
    private async Task SetAsync(
        Guid tenantId, string quota, long? limit, Expression<Func<QuotaCounterRow, long?>> column, string appliesTo, CancellationToken cancellationToken)
    {
        Guard.Name(quota, "A quota name", QuotaCounterConfiguration.MaxQuotaLength);
        if (limit < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(limit), limit, "A quota limit cannot be negative.");
        }

        // Asked first, so an unknown tenant is named as such rather than refused by the counter's foreign key, and a
        // tenant being deleted, which changes no more, is refused before anything is written.
        TenantChanges.RefuseDeleting(
            await context.Set<Tenant>().AsNoTracking().FirstOrDefaultAsync(t => t.Id == tenantId, cancellationToken).ConfigureAwait(false)
            ?? throw new TenantNotFoundException(tenantId.ToString()));

        using var scope = StoreScope.For(tenantId);
        await audit.RecordAsync(
            async token =>
            {
                await EnsureRowAsync(tenantId, quota, token).ConfigureAwait(false);
                return await Rows.Where(r => r.TenantId == tenantId && r.Quota == quota)
                    .ExecuteUpdateAsync(set => set.SetProperty(column, limit), token).ConfigureAwait(false);
            },
            _ => new AuditEntry(AuditActions.QuotaLimitSet, tenantId)
            {
                TargetType = "quota",
                TargetId = quota,
                Detail = new Dictionary<string, string>
                {
                    ["limit"] = limit?.ToString(CultureInfo.InvariantCulture) ?? "default",
                    ["applies-to"] = appliesTo,
                },
            },
            cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<QuotaCorrection>> ReconcileAsync(CancellationToken cancellationToken = default)
    {
        var countedTypes = context.Model.GetEntityTypes()
            .Where(e => e.FindAnnotation(TenantAnnotations.Quota)?.Value is string && TenantAnnotations.TenantIdProperty(e) is not null)
            .ToList();
        if (countedTypes.Count == 0)
        {
            return [];
        }

        var quotas = countedTypes.Select(e => (string)e[TenantAnnotations.Quota]!).Distinct().ToList();
        using var crossTenant = tenancy.BeginCrossTenantScope("msphub.quota-reconcile");
        return await StoreOperation.RunAsync(context.Database, "reconciling quota counters", lockKey: null, async _ =>
        {
            // Touching the counters first makes creations in flight finish (and new ones wait) before rows are counted.
            await Rows.Where(r => quotas.Contains(r.Quota))
                .ExecuteUpdateAsync(set => set.SetProperty(r => r.Used, r => r.Used), cancellationToken).ConfigureAwait(false);

            var actual = new Dictionary<(Guid TenantId, string Quota), long>();
            foreach (var entityType in countedTypes)
            {
                var quota = (string)entityType[TenantAnnotations.Quota]!;
                foreach (var (tenantId, count) in await TenantAggregates.CountAsync(context, entityType, tenantIds: null, cancellationToken).ConfigureAwait(false))
                {
                    actual[(tenantId, quota)] = actual.GetValueOrDefault((tenantId, quota)) + count;
                }
            }

            var counters = await Rows.AsNoTracking().Where(r => quotas.Contains(r.Quota))
                .ToDictionaryAsync(r => (r.TenantId, r.Quota), r => r.Used, cancellationToken).ConfigureAwait(false);
            var corrections = counters.Keys.Union(actual.Keys)
                .Select(key => new QuotaCorrection(key.TenantId, key.Quota, counters.GetValueOrDefault(key), actual.GetValueOrDefault(key)))
                .Where(c => c.Counted != c.Actual)
                .OrderBy(c => c.TenantId).ThenBy(c => c.Quota, StringComparer.Ordinal)
                .ToList();
            foreach (var correction in corrections)
            {
                await EnsureRowAsync(correction.TenantId, correction.Quota, cancellationToken).ConfigureAwait(false);
                await Rows.Where(r => r.TenantId == correction.TenantId && r.Quota == correction.Quota)
                    .ExecuteUpdateAsync(set => set.SetProperty(r => r.Used, correction.Actual), cancellationToken).ConfigureAwait(false);
            }

            return corrections;
        }, cancellationToken).ConfigureAwait(false);
    }

    // Counts, creating the row when it is missing (a concurrent writer may just have) and trying once more; false when there is no room.
    private async Task<bool> CountAsync(Guid tenantId, string quota, long amount, long fallback, long cap, CancellationToken cancellationToken)
    {
        using var scope = StoreScope.For(tenantId);
        if (await TryCountAsync(tenantId, quota, amount, fallback, cap, cancellationToken).ConfigureAwait(false))
        {
            return true;
        }

        await EnsureRowAsync(tenantId, quota, cancellationToken).ConfigureAwait(false);
        return await TryCountAsync(tenantId, quota, amount, fallback, cap, cancellationToken).ConfigureAwait(false);
    }

    // Read in its own method, so the host's quota defaults that fill in a missing limit run outside the store scope.
    private async Task<QuotaCounterRow?> FindRowAsync(Guid tenantId, string quota, CancellationToken cancellationToken)
    {
        using var scope = StoreScope.For(tenantId);
        return await Rows.AsNoTracking().FirstOrDefaultAsync(r => r.TenantId == tenantId && r.Quota == quota, cancellationToken).ConfigureAwait(false);
    }

    private Guid RequireTenant(string quota) =>
        tenancy.Current.TenantId ?? throw new TenantRequiredException($"Quota '{quota}'", tenancy.Current);

    // The one statement on every creation's path, so it skips EF Core's command pipeline: a command on the
    // context's own connection and transaction, prepared once per connection, with EF Core's parameter
    // mappings so each provider stores the tenant id as it does everywhere else. Row-level security's interceptor
    // never sees it, so it carries the tenant's settings itself.
    private async Task<bool> TryCountAsync(Guid tenantId, string quota, long amount, long fallback, long cap, CancellationToken cancellationToken)
    {
        var mappings = context.GetService<IRelationalTypeMappingSource>();
        var command = context.Database.GetDbConnection().CreateCommand();
        await using (command.ConfigureAwait(false))
        {
            command.Transaction = context.Database.CurrentTransaction?.GetDbTransaction();
            command.CommandText = CountStatement();
            command.Parameters.Add(mappings.FindMapping(typeof(Guid))!.CreateParameter(command, "tenant", tenantId));
            command.Parameters.Add(mappings.FindMapping(typeof(string))!.CreateParameter(command, "quota", quota));
            command.Parameters.Add(mappings.FindMapping(typeof(long))!.CreateParameter(command, "amount", amount));
            command.Parameters.Add(mappings.FindMapping(typeof(long))!.CreateParameter(command, "fallback", fallback));
            command.Parameters.Add(mappings.FindMapping(typeof(long))!.CreateParameter(command, "cap", cap));
            if (context.GetService<IDbContextOptions>().FindExtension<MspHubDbContextOptionsExtension>() is { PostgresRowLevelSecurity: true })
            {
                TenantSettingsCommandInterceptor.ApplyTenant(command, tenantId);
            }

            // Opening through EF Core enlists in an ambient TransactionScope and leaves an open connection open.
            await context.Database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                await command.PrepareAsync(cancellationToken).ConfigureAwait(false);
                return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
            }
            finally
            {
                await context.Database.CloseConnectionAsync().ConfigureAwait(false);
            }
        }
    }

    private async Task<long> InheritedLimitAsync(Guid tenantId, string quota, CancellationToken cancellationToken) =>
        (await QuotaLimits.InheritedAsync(context, _defaults, [tenantId], quota, cancellationToken).ConfigureAwait(false))[tenantId];

    // The conditional update TryCountAsync runs, named from the model once per model: it is on every creation's path.
    private string CountStatement()
    {
        if (!CountStatements.TryGetValue(context.Model, out var statement))
        {
            var (counters, sql) = (context.Model.FindEntityType(typeof(QuotaCounterRow))!, TableSql.For(context));
            var (used, limit) = (sql.Column(counters, nameof(QuotaCounterRow.Used)), sql.Column(counters, nameof(QuotaCounterRow.LimitOverride)));
            statement = $"UPDATE {sql.Table(counters)} SET {used} = {used} + @amount "
                + $"WHERE {sql.Column(counters, nameof(QuotaCounterRow.TenantId))} = @tenant AND {sql.Column(counters, nameof(QuotaCounterRow.Quota))} = @quota "
                // Compared as the room left, which cannot overflow (limits and usage are never negative): a huge amount
                // is then refused like any other too large, where "used + amount" would overflow into a database error.
                + $"AND @amount <= coalesce({limit}, @fallback) - {used} AND @amount <= @cap - {used}";
            CountStatements.AddOrUpdate(context.Model, statement);
        }

        return statement;
    }

    // An insert that leaves an existing row alone; the identifiers come from the model, the values are parameters.
    private Task<int> EnsureRowAsync(Guid tenantId, string quota, CancellationToken cancellationToken) =>
        context.Database.ExecuteSqlRawAsync(
            TableSql.For(context).InsertUnlessPresent(
                context.Model.FindEntityType(typeof(QuotaCounterRow))!,
                (nameof(QuotaCounterRow.TenantId), "{0}"), (nameof(QuotaCounterRow.Quota), "{1}"), (nameof(QuotaCounterRow.Used), "0")),
            [tenantId, quota],
            cancellationToken);
}
