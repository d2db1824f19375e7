using Microsoft.EntityFrameworkCore;

namespace MspHub.EntityFramework;

/// <summary>
/// <see cref="IQuotaCounter"/> over the <c>quota_counters</c> table. A consumption first makes sure the
/// tenant's counter row exists (an insert that ignores an existing row), then runs one conditional
/// <c>UPDATE ... SET used = used + n WHERE ... AND used + n &lt;= limit</c>. PostgreSQL locks the row and
/// re-checks the condition for a writer that waited; SQLite's transactions hold the write lock from their
/// start. Either way concurrent writers cannot both pass the limit.
/// </summary>
internal sealed class EntityFrameworkQuotaCounter<TContext>(
    TContext context, ITenancy tenancy, IEnumerable<IQuotaDefaults> defaults, IEnumerable<IAuditHook> auditHooks, TimeProvider time) : IQuotaCounter
    where TContext : DbContext
{
    private readonly IQuotaDefaults[] _defaults = [.. defaults];

    private IQueryable<QuotaCounterRow> Rows => context.Set<QuotaCounterRow>();

    public async Task ConsumeAsync(string quota, long amount = 1, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(quota);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(amount);
        var tenantId = tenancy.Current.TenantId ?? throw new TenantRequiredException($"Quota '{quota}'", tenancy.Current);
        if (context.Database.CurrentTransaction is null && System.Transactions.Transaction.Current is null)
        {
            throw new InvalidOperationException(
                $"Consume quota '{quota}' inside a transaction on the DbContext that saves the item, so the count and the item commit or roll back together.");
        }

        var fallback = DefaultLimit(quota);
        await EnsureRowAsync(tenantId, quota, cancellationToken).ConfigureAwait(false);
        var counted = await Rows
            .Where(r => r.TenantId == tenantId && r.Quota == quota && r.Used + amount <= (r.LimitOverride ?? fallback))
            .ExecuteUpdateAsync(set => set.SetProperty(r => r.Used, r => r.Used + amount), cancellationToken).ConfigureAwait(false);
        if (counted == 1)
        {
            return;
        }

        var usage = await GetUsageAsync(tenantId, quota, cancellationToken).ConfigureAwait(false);
        var auditEvent = new AuditEvent(AuditActions.QuotaExceeded, time.GetUtcNow(), tenantId, $"{quota}: {usage.Used} of {usage.Limit} used, {amount} more asked");
        foreach (var hook in auditHooks)
        {
            hook.Record(auditEvent);
        }

        throw new QuotaExceededException(tenantId, quota, usage.Used, usage.Limit, amount);
    }

    public async Task ReleaseAsync(string quota, long amount = 1, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(quota);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(amount);
        var tenantId = tenancy.Current.TenantId ?? throw new TenantRequiredException($"Quota '{quota}'", tenancy.Current);
        await Rows.Where(r => r.TenantId == tenantId && r.Quota == quota)
            .ExecuteUpdateAsync(set => set.SetProperty(r => r.Used, r => r.Used > amount ? r.Used - amount : 0), cancellationToken).ConfigureAwait(false);
    }

    public async Task<QuotaUsage> GetUsageAsync(Guid tenantId, string quota, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(quota);
        var row = await Rows.AsNoTracking().FirstOrDefaultAsync(r => r.TenantId == tenantId && r.Quota == quota, cancellationToken).ConfigureAwait(false);
        return new QuotaUsage(quota, row?.Used ?? 0, row?.LimitOverride ?? DefaultLimit(quota));
    }

    public async Task SetLimitAsync(Guid tenantId, string quota, long? limit, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(quota);
        if (limit < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(limit), limit, "A quota limit cannot be negative.");
        }

        await EnsureRowAsync(tenantId, quota, cancellationToken).ConfigureAwait(false);
        await Rows.Where(r => r.TenantId == tenantId && r.Quota == quota)
            .ExecuteUpdateAsync(set => set.SetProperty(r => r.LimitOverride, limit), cancellationToken).ConfigureAwait(false);
    }

    private long DefaultLimit(string quota) => _defaults.Select(d => d.GetDefaultLimit(quota)).FirstOrDefault(l => l is not null) ?? 0;

    // An insert that leaves an existing row alone; EF Core has no upsert, so each provider gets its own statement.
    private Task<int> EnsureRowAsync(Guid tenantId, string quota, CancellationToken cancellationToken) =>
        context.Database.ProviderName == "Microsoft.EntityFrameworkCore.Sqlite"
            ? context.Database.ExecuteSqlAsync(
                $"INSERT OR IGNORE INTO quota_counters (tenant_id, quota, used) VALUES ({tenantId}, {quota}, 0)", cancellationToken)
            : context.Database.ExecuteSqlAsync(
                $"INSERT INTO msphub.quota_counters (tenant_id, quota, used) VALUES ({tenantId}, {quota}, 0) ON CONFLICT DO NOTHING", cancellationToken);
}
