using Microsoft.EntityFrameworkCore;

namespace MspHub.EntityFramework;

/// <summary><see cref="ITenantSettingsStore"/> over the <c>tenant_settings</c> table; under row-level security each call reaches only the tenant it names.</summary>
internal sealed class EntityFrameworkTenantSettingsStore<TContext>(TContext context) : ITenantSettingsStore
    where TContext : DbContext
{
    private DbSet<SettingRow> Rows => context.Set<SettingRow>();

    public async Task<IReadOnlyDictionary<string, string>> GetAsync(Guid tenantId, CancellationToken cancellationToken = default)
    {
        using var scope = StoreScope.For(tenantId);
        return await Rows.AsNoTracking().Where(r => r.TenantId == tenantId)
            .ToDictionaryAsync(r => r.Key, r => r.Value, StringComparer.Ordinal, cancellationToken).ConfigureAwait(false);
    }

    public async Task SetAsync(Guid tenantId, string key, string? value, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        using var scope = StoreScope.For(tenantId);
        await StoreOperation.RunAsync(context.Database, $"setting '{key}' of tenant {tenantId}", lockKey: null, async _ =>
        {
            await Rows.Where(r => r.TenantId == tenantId && r.Key == key).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
            if (value is not null)
            {
                await StoreWrites.InsertAsync(context, new SettingRow { TenantId = tenantId, Key = key, Value = value }, _ => Task.FromResult<ConflictException?>(null), cancellationToken)
                    .ConfigureAwait(false);
            }
        }, cancellationToken).ConfigureAwait(false);
    }
}
