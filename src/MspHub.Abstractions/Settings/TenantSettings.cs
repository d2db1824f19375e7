using Microsoft.Extensions.Options;

namespace MspHub;

/// <summary>The default <see cref="ITenantSettings"/>: walks from the tenant up its parents, nearest value first.</summary>
internal sealed class TenantSettings(ITenantSettingsStore store, ITenantStore tenants, IAuditLog audit, IOptions<MspHubOptions> options) : ITenantSettings
{
    public async Task<TenantSetting?> GetAsync(Guid tenantId, string key, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        return (await GetAllAsync(tenantId, cancellationToken).ConfigureAwait(false)).GetValueOrDefault(key);
    }

    public async Task<IReadOnlyDictionary<string, TenantSetting>> GetAllAsync(Guid tenantId, CancellationToken cancellationToken = default)
    {
        var resolved = new Dictionary<string, TenantSetting>(StringComparer.Ordinal);
        var depth = 0;
        for (Guid? current = tenantId; current is { } id && depth <= options.Value.MaxTenantDepth; depth++)
        {
            var tenant = await tenants.FindByIdAsync(id, cancellationToken).ConfigureAwait(false) ?? throw new TenantNotFoundException(id.ToString());
            foreach (var (key, value) in await store.GetAsync(id, cancellationToken).ConfigureAwait(false))
            {
                resolved.TryAdd(key, new TenantSetting(key, value, id));
            }

            current = tenant.ParentId;
        }

        foreach (var (key, value) in options.Value.SettingDefaults)
        {
            resolved.TryAdd(key, new TenantSetting(key, value, null));
        }

        return resolved;
    }

    public async Task SetAsync(Guid tenantId, string key, string? value, CancellationToken cancellationToken = default)
    {
        Guard.Name(key, "A setting key", TenantSetting.MaxKeyLength);
        if (value?.Length > TenantSetting.MaxValueLength)
        {
            throw new ArgumentException($"A setting value must be at most {TenantSetting.MaxValueLength} characters long (this one has {value.Length}).", nameof(value));
        }

        // A tenant being deleted changes no more: a setting written now would outlive the deletion's pass over its rows.
        // The status is read where tenants are kept, not from this node's cache, which may not have heard of the deletion.
        switch (await tenants.FindStatusAsync(tenantId, cancellationToken).ConfigureAwait(false))
        {
            case null:
                throw new TenantNotFoundException(tenantId.ToString());
            case TenantStatus.Deleting:
                TenantChanges.RefuseDeleting(await tenants.FindByIdAsync(tenantId, cancellationToken).ConfigureAwait(false) ?? throw new TenantNotFoundException(tenantId.ToString()));
                break;
        }
        await audit.RecordAsync(
            async token =>
            {
                await store.SetAsync(tenantId, key, value, token).ConfigureAwait(false);
                return true;
            },
            _ => AccessChanges.Entry(AuditActions.TenantSettingChanged, tenantId, "setting", key, Detail(key, value)),
            cancellationToken).ConfigureAwait(false);
    }

    // MspHub's own settings are policy (consent to technician access, rate limits) and recorded with their value; a
    // host's setting may hold anything, so only whether it was set.
    private static (string, string)[] Detail(string key, string? value) =>
        value is null ? [("change", "cleared")]
        : key.StartsWith("msphub.", StringComparison.Ordinal)
            ? [("change", "set"), ("value", Guard.Shorten(value, AuditEntry.MaxDetailValueLength))]
        : [("change", "set")];
}
