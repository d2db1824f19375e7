using Microsoft.EntityFrameworkCore;

namespace MspHub.EntityFramework;

/// <summary>
/// <see cref="IVaultStore"/> over the <c>vault_data_keys</c>, <c>vault_items</c> and <c>vault_item_versions</c>
/// tables. Every tenant's command filters by the tenant it names and runs in that tenant's row-level security scope;
/// only the governance listing and the rotation walk reach every tenant. Nothing stays tracked.
/// </summary>
internal sealed class EntityFrameworkVaultStore<TContext>(TContext context) : IVaultStore, ITransactionalStore
    where TContext : DbContext
{
    public bool IsInTransaction => TransactionEndCallbacks.IsOpen(context.Database);

    private IQueryable<VaultSecretRow> Secrets => context.Set<VaultSecretRow>().AsNoTracking();

    private IQueryable<VaultVersionRow> Versions => context.Set<VaultVersionRow>().AsNoTracking();

    private IQueryable<VaultDataKeyRow> DataKeys => context.Set<VaultDataKeyRow>().AsNoTracking();

    public void AfterTransaction(Action callback) => TransactionEndCallbacks.After(context.Database, callback);

    public async Task<WrappedDataKey?> FindDataKeyAsync(Guid tenantId, CancellationToken cancellationToken = default)
    {
        using var scope = StoreScope.For(tenantId);
        return await DataKeys.Where(k => k.TenantId == tenantId).Select(k => new WrappedDataKey(k.KeyId, k.Wrapped))
            .FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<WrappedDataKey> AddDataKeyAsync(Guid tenantId, WrappedDataKey key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        using var scope = StoreScope.For(tenantId);
        try
        {
            await StoreWrites.InsertAsync(
                context,
                new VaultDataKeyRow { TenantId = tenantId, KeyId = key.KeyId, Wrapped = key.Wrapped },
                async ct => await DataKeys.AnyAsync(k => k.TenantId == tenantId, ct).ConfigureAwait(false) ? new ConflictException("vault data key", "tenant", tenantId.ToString()) : null,
                cancellationToken).ConfigureAwait(false);
            return key;
        }
        catch (ConflictException)
        {
            // Another writer made the tenant's first key meanwhile; theirs is the key.
            return await FindDataKeyAsync(tenantId, cancellationToken).ConfigureAwait(false) ?? throw new InvalidOperationException("The tenant's data key vanished while it was being created.");
        }
    }

    public async Task<bool> ReplaceDataKeyAsync(Guid tenantId, WrappedDataKey expected, WrappedDataKey replacement, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(replacement);
        using var scope = StoreScope.For(tenantId);
        return await context.Set<VaultDataKeyRow>().Where(k => k.TenantId == tenantId && k.KeyId == expected.KeyId && k.Wrapped == expected.Wrapped)
            .ExecuteUpdateAsync(set => set.SetProperty(k => k.KeyId, replacement.KeyId).SetProperty(k => k.Wrapped, replacement.Wrapped), cancellationToken)
            .ConfigureAwait(false) == 1;
    }

    public async Task<IReadOnlyList<TenantDataKey>> ListStaleDataKeysAsync(string currentKeyId, Guid? after, int take, CancellationToken cancellationToken = default)
    {
        using var scope = StoreScope.AllTenants();
        var stale = DataKeys.Where(k => k.KeyId != currentKeyId);
        if (after is { } cursor)
        {
            stale = stale.Where(k => k.TenantId > cursor);
        }

        return await stale.OrderBy(k => k.TenantId).Take(take).Select(k => new TenantDataKey(k.TenantId, new WrappedDataKey(k.KeyId, k.Wrapped)))
            .ToListAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<int> CountStaleDataKeysAsync(string currentKeyId, CancellationToken cancellationToken = default)
    {
        using var scope = StoreScope.AllTenants();
        return await DataKeys.CountAsync(k => k.KeyId != currentKeyId, cancellationToken).ConfigureAwait(false);
    }

    // The destruction is announced in its own transaction (the caller's, such as a tenant deletion's, when one is
    // open), so every node drops its cached copy of the key once it commits, and none for a shred that rolls back.
    public Task<bool> DestroyDataKeyAsync(Guid tenantId, CancellationToken cancellationToken = default) =>
        StoreOperation.RunAsync(context.Database, $"destroying the vault data key of tenant {tenantId}", lockKey: null, async _ =>
        {
            bool destroyed;
            using (StoreScope.For(tenantId))
            {
                destroyed = await context.Set<VaultDataKeyRow>().Where(k => k.TenantId == tenantId).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false) == 1;
            }

            if (destroyed)
            {
                await CacheNotifications.SendAsync(context.Database, [CacheChange.OfVaultDataKey(tenantId)], cancellationToken).ConfigureAwait(false);
            }

            return destroyed;
        }, cancellationToken);

    public async Task<IReadOnlyList<VaultSecretMetadata>> ListAsync(Guid tenantId, CancellationToken cancellationToken = default)
    {
        using var scope = StoreScope.For(tenantId);
        var rows = await Secrets.Where(s => s.TenantId == tenantId).OrderBy(s => s.Name).ToListAsync(cancellationToken).ConfigureAwait(false);
        return [.. rows.Select(ToSecret)];
    }

    public async Task<IReadOnlyList<VaultSecretMetadata>> ListAllAsync(CancellationToken cancellationToken = default)
    {
        using var scope = StoreScope.AllTenants();
        var rows = await Secrets.OrderBy(s => s.TenantId).ThenBy(s => s.Name).ToListAsync(cancellationToken).ConfigureAwait(false);
        return [.. rows.Select(ToSecret)];
    }

    public async Task<VaultSecretMetadata?> FindAsync(Guid tenantId, Guid secretId, CancellationToken cancellationToken = default)
    {
        using var scope = StoreScope.For(tenantId);
        var row = await Secrets.FirstOrDefaultAsync(s => s.Id == secretId && s.TenantId == tenantId, cancellationToken).ConfigureAwait(false);
        return row is null ? null : ToSecret(row);
    }

    public async Task<VaultCiphertext?> FindVersionAsync(Guid tenantId, Guid secretId, int version, CancellationToken cancellationToken = default)
    {
        using var scope = StoreScope.For(tenantId);
        return await Versions.Where(v => v.SecretId == secretId && v.Version == version && v.TenantId == tenantId)
            .Select(v => new VaultCiphertext(v.Version, v.Nonce, v.Ciphertext, v.Tag, v.CreatedAt))
            .FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task AddAsync(VaultSecretMetadata secret, VaultCiphertext first, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(secret);
        ArgumentNullException.ThrowIfNull(first);
        using var scope = StoreScope.For(secret.TenantId);
        var row = new VaultSecretRow
        {
            Id = secret.Id,
            TenantId = secret.TenantId,
            Name = secret.Name,
            Kind = secret.Kind,
            Description = secret.Description,
            Tags = [.. secret.Tags],
            CreatedAt = secret.CreatedAt,
            RotatedAt = secret.RotatedAt,
            CurrentVersion = secret.CurrentVersion,
            ExpiresAt = secret.ExpiresAt,
        };
        await StoreWrites.InsertAsync(
            context,
            [row, VersionRow(secret.TenantId, secret.Id, first)],
            async ct => await Secrets.AnyAsync(s => s.TenantId == secret.TenantId && s.Name == secret.Name, ct).ConfigureAwait(false)
                ? new ConflictException("vault secret", "name", secret.Name)
                : null,
            cancellationToken).ConfigureAwait(false);
    }

    public async Task<bool> AddVersionAsync(Guid tenantId, Guid secretId, VaultCiphertext version, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(version);
        using var scope = StoreScope.For(tenantId);
        return await StoreOperation.RunAsync(context.Database, $"rotating vault secret '{secretId}'", lockKey: null, async _ =>
        {
            var moved = await context.Set<VaultSecretRow>()
                .Where(s => s.Id == secretId && s.TenantId == tenantId && s.CurrentVersion == version.Version - 1)
                .ExecuteUpdateAsync(set => set.SetProperty(s => s.CurrentVersion, version.Version).SetProperty(s => s.RotatedAt, version.CreatedAt), cancellationToken)
                .ConfigureAwait(false);
            if (moved != 1)
            {
                return false;
            }

            await OwnContext.SaveAsync(context, own => own.Add(VersionRow(tenantId, secretId, version)), cancellationToken).ConfigureAwait(false);
            return true;
        }, cancellationToken).ConfigureAwait(false);
    }

    // One statement: a deletion committing meanwhile makes it change no row (on PostgreSQL after waiting for the delete).
    public async Task<bool> RecordRevealAsync(Guid tenantId, Guid secretId, DateTimeOffset at, AuditActor by, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(by);
        using var scope = StoreScope.For(tenantId);
        var kind = by.Kind.ToString();
        return await context.Set<VaultSecretRow>().Where(s => s.Id == secretId && s.TenantId == tenantId)
            .ExecuteUpdateAsync(
                set => set.SetProperty(s => s.LastRevealedAt, at).SetProperty(s => s.LastRevealedByKind, kind).SetProperty(s => s.LastRevealedById, by.Id),
                cancellationToken)
            .ConfigureAwait(false) == 1;
    }

    public async Task<bool> DeleteAsync(Guid tenantId, Guid secretId, CancellationToken cancellationToken = default)
    {
        using var scope = StoreScope.For(tenantId);
        return await StoreOperation.RunAsync(context.Database, $"deleting vault secret '{secretId}'", lockKey: null, async _ =>
        {
            await context.Set<VaultVersionRow>().Where(v => v.SecretId == secretId && v.TenantId == tenantId).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
            return await context.Set<VaultSecretRow>().Where(s => s.Id == secretId && s.TenantId == tenantId).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false) == 1;
        }, cancellationToken).ConfigureAwait(false);
    }

    private static VaultVersionRow VersionRow(Guid tenantId, Guid secretId, VaultCiphertext version) => new()
    {
        TenantId = tenantId,
        SecretId = secretId,
        Version = version.Version,
        Nonce = version.Nonce,
        Ciphertext = version.Ciphertext,
        Tag = version.Tag,
        CreatedAt = version.CreatedAt,
    };

    private static VaultSecretMetadata ToSecret(VaultSecretRow row) => new()
    {
        Id = row.Id,
        TenantId = row.TenantId,
        Name = row.Name,
        Kind = row.Kind,
        Description = row.Description,
        Tags = row.Tags,
        CreatedAt = row.CreatedAt,
        RotatedAt = row.RotatedAt,
        CurrentVersion = row.CurrentVersion,
        ExpiresAt = row.ExpiresAt,
        LastRevealedAt = row.LastRevealedAt,
        LastRevealedBy = row.LastRevealedByKind is { } kind ? new AuditActor(Enum.Parse<AuditActorKind>(kind), row.LastRevealedById) : null,
    };
}
