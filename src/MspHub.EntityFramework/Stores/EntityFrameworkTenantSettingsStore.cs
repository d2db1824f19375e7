using Microsoft.EntityFrameworkCore;

namespace MspHub.EntityFramework;

/// <summary><see cref="ITenantSettingsStore"/> over the <c>tenant_settings</c> table.</summary>
internal sealed class EntityFrameworkTenantSettingsStore<TContext>(TContext context) : ITenantSettingsStore
    where TContext : DbContext
{
    private DbSet<SettingRow> Rows => context.Set<SettingRow>();

    public async Task<IReadOnlyDictionary<string, string>> GetAsync(Guid tenantId, CancellationToken cancellationToken = default) =>
        await Rows.AsNoTracking().Where(r => r.TenantId == tenantId)
            .ToDictionaryAsync(r => r.Key, r => r.Value, StringComparer.Ordinal, cancellationToken).ConfigureAwait(false);

    public async Task SetAsync(Guid tenantId, string key, string? value, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        var transaction = await context.Database.BeginOrJoinAsync(lockKey: null, cancellationToken).ConfigureAwait(false);
        await using (transaction.ConfigureAwait(false))
        {
            await Rows.Where(r => r.TenantId == tenantId && r.Key == key).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
            if (value is not null)
            {
                await StoreWrites.InsertAsync(context, new SettingRow { TenantId = tenantId, Key = key, Value = value }, _ => Task.FromResult<ConflictException?>(null), cancellationToken)
                    .ConfigureAwait(false);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
