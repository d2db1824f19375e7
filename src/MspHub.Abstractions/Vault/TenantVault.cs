using System.Globalization;
using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace MspHub;

/// <summary>
/// The vault: <see cref="ITenantVault"/> for the active tenant, <see cref="IVaultGovernance"/> for MSP admins and
/// operators, <see cref="IVaultKeyShredder"/> for tenant deletion. Every reveal, whoever asks, goes through
/// <see cref="RevealCoreAsync"/>. Logs and audit records name ids, names, kinds and versions, never a value.
/// </summary>
internal sealed partial class TenantVault(
    IVaultStore store,
    VaultDataKeys keys,
    ITenancy tenancy,
    IServiceProvider services,
    IAuditLog audit,
    IOptions<VaultOptions> options,
    TimeProvider time,
    ILogger<TenantVault>? logger = null) : ITenantVault, IVaultGovernance, IVaultKeyShredder
{
    private readonly ILogger _logger = logger ?? NullLogger<TenantVault>.Instance;
    private const string TargetType = "vault-secret";
    private const int RewrapBatch = 100;

    public async Task<IReadOnlyList<VaultSecretMetadata>> ListAsync(VaultCaller caller, CancellationToken cancellationToken = default)
    {
        var tenant = await EnterAsync(caller, VaultPermissions.View, null, cancellationToken).ConfigureAwait(false);
        return await store.ListAsync(tenant.Id, cancellationToken).ConfigureAwait(false);
    }

    public async Task<VaultSecretMetadata> CreateAsync(VaultCaller caller, VaultSecretDraft draft, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(draft);
        var tenant = await EnterAsync(caller, VaultPermissions.Manage, null, cancellationToken).ConfigureAwait(false);
        var now = Now();
        var secret = new VaultSecretMetadata
        {
            Id = Guid.CreateVersion7(),
            TenantId = tenant.Id,
            Name = Guard.Name(draft.Name, "A secret name", VaultSecretMetadata.MaxNameLength),
            Kind = Kind(draft.Kind),
            Description = draft.Description is null ? null : Guard.Text(draft.Description, "A secret description", VaultSecretMetadata.MaxDescriptionLength),
            Tags = Tags(draft.Tags),
            CreatedAt = now,
            RotatedAt = now,
            CurrentVersion = 1,
            ExpiresAt = draft.ExpiresAt is { } expires ? Guard.UtcMilliseconds(expires) : null,
        };
        if (secret.ExpiresAt <= now)
        {
            throw new ArgumentOutOfRangeException(nameof(draft), draft.ExpiresAt, "A new secret's expiry must be in the future: it says when the value must be rotated by.");
        }

        CheckValue(draft.Value);
        VaultCiphertext first;
        using (var key = await keys.GetOrCreateAsync(store, tenant.Id, cancellationToken).ConfigureAwait(false))
        {
            first = VaultCipher.Seal(key.Bytes, tenant.Id, secret.Id, 1, draft.Value, now);
        }

        await audit.RecordAsync(
            async token =>
            {
                await store.AddAsync(secret, first, token).ConfigureAwait(false);
                return secret;
            },
            s => Entry(AuditActions.VaultSecretCreated, s, caller.Actor, 1),
            cancellationToken).ConfigureAwait(false);
        LogChanged(_logger, "created", secret.Id, tenant.Id, 1);
        return secret;
    }

    public async Task<VaultSecretMetadata> RotateAsync(VaultCaller caller, Guid secretId, string value, CancellationToken cancellationToken = default)
    {
        var tenant = await EnterAsync(caller, VaultPermissions.Manage, null, cancellationToken).ConfigureAwait(false);
        CheckValue(value);
        var secret = await store.FindAsync(tenant.Id, secretId, cancellationToken).ConfigureAwait(false) ?? throw new VaultSecretNotFoundException(secretId);
        var now = Now();
        VaultCiphertext next;
        using (var key = await keys.GetOrCreateAsync(store, tenant.Id, cancellationToken).ConfigureAwait(false))
        {
            next = VaultCipher.Seal(key.Bytes, tenant.Id, secretId, secret.CurrentVersion + 1, value, now);
        }

        var stored = await audit.RecordAsync(
            token => store.AddVersionAsync(tenant.Id, secretId, next, token),
            added => added ? Entry(AuditActions.VaultSecretRotated, secret, caller.Actor, next.Version) : null,
            cancellationToken).ConfigureAwait(false);
        if (!stored)
        {
            throw await store.FindAsync(tenant.Id, secretId, cancellationToken).ConfigureAwait(false) is null
                ? new VaultSecretNotFoundException(secretId)
                : ConflictException.ChangedMeanwhile("vault secret", secretId.ToString());
        }

        LogChanged(_logger, "rotated", secretId, tenant.Id, next.Version);
        return secret with { CurrentVersion = next.Version, RotatedAt = now };
    }

    public async Task<bool> DeleteAsync(VaultCaller caller, Guid secretId, CancellationToken cancellationToken = default)
    {
        var tenant = await EnterAsync(caller, VaultPermissions.Manage, null, cancellationToken).ConfigureAwait(false);
        var secret = await store.FindAsync(tenant.Id, secretId, cancellationToken).ConfigureAwait(false);
        if (secret is null)
        {
            return false;
        }

        var deleted = await audit.RecordAsync(
            token => store.DeleteAsync(tenant.Id, secretId, token),
            removed => removed ? Entry(AuditActions.VaultSecretDeleted, secret, caller.Actor, secret.CurrentVersion) : null,
            cancellationToken).ConfigureAwait(false);
        if (deleted)
        {
            LogChanged(_logger, "deleted", secretId, tenant.Id, secret.CurrentVersion);
        }

        return deleted;
    }

    public async Task<RevealedSecret> RevealAsync(VaultCaller caller, Guid secretId, int? version = null, CancellationToken cancellationToken = default)
    {
        var tenant = await EnterAsync(caller, VaultPermissions.Reveal, secretId, cancellationToken).ConfigureAwait(false);
        return await RevealCoreAsync(tenant.Id, secretId, version, caller, cancellationToken).ConfigureAwait(false);
    }

    public async Task<VaultGovernanceReport> ReviewAsync(Guid mspAdminId, CancellationToken cancellationToken = default)
    {
        await RequireMspAdminAsync(mspAdminId, cancellationToken).ConfigureAwait(false);
        var secrets = await store.ListAllAsync(cancellationToken).ConfigureAwait(false);
        var tenants = services.GetRequiredService<ITenantStore>();
        var slugs = new Dictionary<Guid, string>();
        foreach (var tenantId in secrets.Select(s => s.TenantId).Distinct())
        {
            slugs[tenantId] = (await tenants.FindByIdAsync(tenantId, cancellationToken).ConfigureAwait(false))?.Slug ?? tenantId.ToString();
        }

        var now = time.GetUtcNow();
        var soon = now + options.Value.ExpiringWithin;
        List<VaultSecretOverview> overview = [.. secrets
            .Select(s => new VaultSecretOverview(s, slugs[s.TenantId], now - s.RotatedAt, s.ExpiresAt <= soon))
            .OrderBy(o => o.TenantSlug, StringComparer.Ordinal).ThenBy(o => o.Secret.Name, StringComparer.Ordinal)];
        var counts = overview.GroupBy(o => o.TenantSlug, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        return new VaultGovernanceReport(overview, counts, overview.Count(o => o.ExpiringSoon));
    }

    public async Task<RevealedSecret> RevealAsync(VaultCaller mspAdmin, Guid tenantId, Guid secretId, int? version = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(mspAdmin);
        await RequireMspAdminAsync(mspAdmin.UserId ?? Guid.Empty, cancellationToken).ConfigureAwait(false);
        return await RevealCoreAsync(tenantId, secretId, version, mspAdmin, cancellationToken).ConfigureAwait(false);
    }

    public async Task<VaultRewrapProgress> RewrapDataKeysAsync(IProgress<VaultRewrapProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var provider = keys.Provider;
        var current = provider.CurrentKeyId;
        var remaining = await store.CountStaleDataKeysAsync(current, cancellationToken).ConfigureAwait(false);
        var state = new VaultRewrapProgress(0, remaining, null);
        IReadOnlyList<TenantDataKey> batch;
        try
        {
            do
            {
                batch = await store.ListStaleDataKeysAsync(current, state.Cursor, RewrapBatch, cancellationToken).ConfigureAwait(false);
                foreach (var stale in batch)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var replaced = await RewrapAsync(provider, stale, cancellationToken).ConfigureAwait(false);
                    state = new VaultRewrapProgress(state.Rewrapped + (replaced ? 1 : 0), Math.Max(0, state.Remaining - 1), stale.TenantId);
                    progress?.Report(state);
                }
            }
            while (batch.Count == RewrapBatch);
        }
        catch (Exception stopped) when (state.Rewrapped > 0)
        {
            // Keys already re-wrapped stay so: a run that stops (cancelled, or a key that cannot be unwrapped) still says so,
            // and a record that cannot be written either must not hide why the run stopped.
            try
            {
                await RecordRewrapAsync(current, state.Rewrapped, finished: false, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception unrecorded) when (unrecorded is not OutOfMemoryException)
            {
                throw new AggregateException("The re-wrap stopped, and what it re-wrapped could not be recorded.", stopped, unrecorded);
            }

            throw;
        }

        if (state.Rewrapped > 0)
        {
            await RecordRewrapAsync(current, state.Rewrapped, finished: true, cancellationToken).ConfigureAwait(false);
        }

        LogRewrapped(_logger, state.Rewrapped, current);
        return state with { Remaining = await store.CountStaleDataKeysAsync(current, cancellationToken).ConfigureAwait(false) };
    }

    private Task<AuditRecord?> RecordRewrapAsync(string keyId, int rewrapped, bool finished, CancellationToken cancellationToken) =>
        audit.RecordAsync(
            new AuditEntry(AuditActions.VaultDataKeysRewrapped, tenantId: null)
            {
                TargetType = "key-encryption-key",
                TargetId = keyId,
                Detail = new Dictionary<string, string> { ["rewrapped"] = Number(rewrapped), ["finished"] = finished ? "true" : "false" },
            },
            cancellationToken);

    public async Task<bool> ShredAsync(Guid tenantId, CancellationToken cancellationToken = default)
    {
        keys.Forget(tenantId);
        var destroyed = await store.DestroyDataKeyAsync(tenantId, cancellationToken).ConfigureAwait(false);

        // Again: a reveal may have loaded the key while it was being destroyed.
        keys.Forget(tenantId);
        LogShredded(_logger, tenantId, destroyed);
        return destroyed;
    }

    // The one way to a value. A gate for VaultOperations.Reveal goes first in this method, so it covers tenants and MSP admins alike.
    // The gate judges the resolved version, so an approval of "the current value" never reveals one rotated in after it.
    private async Task<RevealedSecret> RevealCoreAsync(Guid tenantId, Guid secretId, int? version, VaultCaller caller, CancellationToken cancellationToken)
    {
        var secret = await store.FindAsync(tenantId, secretId, cancellationToken).ConfigureAwait(false) ?? throw new VaultSecretNotFoundException(secretId);
        var number = version ?? secret.CurrentVersion;
        var stored = await store.FindVersionAsync(tenantId, secretId, number, cancellationToken).ConfigureAwait(false)
            ?? throw new VaultSecretNotFoundException(secretId, number);
        if (services.GetService<IOperationGate>() is not { } gate)
        {
            return await OpenAsync(secret, stored, number, caller.Actor, cancellationToken).ConfigureAwait(false);
        }

        var call = new GateCall(
            VaultOperations.Reveal,
            tenantId,
            caller.ToGateCaller(),
            VaultOperations.RevealArguments(tenantId, secretId, number))
        {
            ApprovalId = caller.ApprovalId,
            Summary = $"Reveal version {number} of vault secret '{secret.Name}'",
        };
        return await gate.RunAsync(call, token => OpenAsync(secret, stored, number, caller.Actor, token), cancellationToken).ConfigureAwait(false);
    }

    private async Task<RevealedSecret> OpenAsync(VaultSecretMetadata secret, VaultCiphertext stored, int number, AuditActor actor, CancellationToken cancellationToken)
    {
        var (tenantId, secretId) = (secret.TenantId, secret.Id);
        string value;
        try
        {
            using var key = await keys.FindAsync(store, tenantId, cancellationToken).ConfigureAwait(false)
                ?? throw new CryptographicException("The tenant's data key was destroyed.");
            value = VaultCipher.Open(key.Bytes, tenantId, secretId, stored);
        }
        catch (CryptographicException error)
        {
            LogUnreadable(_logger, secretId, number, tenantId);
            await audit.RecordAsync(
                Entry(AuditActions.VaultSecretRevealed, secret, actor, number, refusal: "The stored value failed authentication or its data key is gone."),
                cancellationToken).ConfigureAwait(false);
            throw new VaultIntegrityException(
                $"Version {number} of vault secret '{secretId}' cannot be decrypted: its bytes or the tenant's data key fail authentication "
                + "(altered, or copied from another tenant or secret), or the data key was destroyed. Nothing was revealed.",
                error);
        }

        // The secret's last revealer is named as its audit record names them: a technician through a grant as one.
        actor = await services.GetRequiredService<AuditStamp>().SettleAsync(actor, tenantId, cancellationToken).ConfigureAwait(false);
        // The value goes out only if the secret is still there once the reveal is noted: one deleted since it was read is
        // refused, so the audit trail never shows a reveal after the deletion.
        var now = Now();
        var noted = await audit.RecordAsync(
            token => store.RecordRevealAsync(tenantId, secretId, now, actor, token),
            stillThere => Entry(AuditActions.VaultSecretRevealed, secret, actor, number, refusal: stillThere ? null : "The secret was deleted while it was being revealed."),
            cancellationToken).ConfigureAwait(false);
        if (!noted)
        {
            throw new VaultSecretNotFoundException(secretId);
        }

        LogRevealed(_logger, secretId, number, tenantId, actor.Kind, actor.Id);
        return new RevealedSecret(secret, number, value);
    }

    // The active tenant, when the caller holds the permission there; a refusal is audited in that tenant's chain.
    private async Task<Tenant> EnterAsync(VaultCaller caller, string permission, Guid? secretId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var tenant = tenancy.Current.RequireTenant("the vault");
        var allowed = caller.KeyTenantId is { } keyTenant
            ? keyTenant == tenant.Id && caller.KeyHolds(permission)
            : await HoldsAsync(caller.UserId!.Value, tenant.Id, permission, cancellationToken).ConfigureAwait(false);
        if (allowed)
        {
            return tenant;
        }

        var reveal = permission == VaultPermissions.Reveal;
        await audit.RecordAsync(
            new AuditEntry(reveal ? AuditActions.VaultSecretRevealed : AuditActions.PermissionDenied, tenant.Id)
            {
                Actor = caller.Actor,
                TargetType = reveal ? TargetType : "permission",
                TargetId = reveal ? secretId?.ToString() : permission,
                Outcome = AuditOutcome.Refused,
                Reason = $"The caller does not hold '{permission}' in this tenant.",
            },
            cancellationToken).ConfigureAwait(false);
        throw new PermissionDeniedException(Permission.Parse(permission), tenant.Slug);
    }

    private async Task<bool> HoldsAsync(Guid userId, Guid tenantId, string permission, CancellationToken cancellationToken)
    {
        var catalog = services.GetRequiredService<PermissionCatalog>();
        return await services.GetRequiredService<IPermissionEvaluator>().HasPermissionAsync(userId, tenantId, catalog.Id(permission), cancellationToken).ConfigureAwait(false);
    }

    private async Task RequireMspAdminAsync(Guid userId, CancellationToken cancellationToken)
    {
        var user = await services.GetRequiredService<IHubUserStore>().FindUserAsync(userId, cancellationToken).ConfigureAwait(false);
        if (user is not { IsActive: true, SystemRole: SystemRole.MspAdmin })
        {
            throw new VaultAccessDeniedException("Only active MSP admins review the vault across tenants or reveal through that view; work inside a tenant where you hold the vault permissions instead.");
        }
    }

    private async Task<bool> RewrapAsync(IKeyEncryptionKeyProvider provider, TenantDataKey stale, CancellationToken cancellationToken)
    {
        byte[] key;
        try
        {
            key = await provider.UnwrapAsync(stale.Key, stale.TenantId, cancellationToken).ConfigureAwait(false);
        }
        catch (CryptographicException error)
        {
            throw new VaultIntegrityException($"The data key of tenant '{stale.TenantId}' (wrapped by '{stale.Key.KeyId}') cannot be unwrapped; nothing was changed for it, and the tenants before it are done.", error);
        }

        try
        {
            var rewrapped = await provider.WrapAsync(key, stale.TenantId, cancellationToken).ConfigureAwait(false);
            return await store.ReplaceDataKeyAsync(stale.TenantId, stale.Key, rewrapped, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    private void CheckValue(string value)
    {
        // Messages give lengths only: a value must never reach an exception, a log or a problem response.
        if (string.IsNullOrEmpty(value))
        {
            throw new ArgumentException("A secret value is required.", nameof(value));
        }

        if (value.Length > options.Value.MaxValueLength)
        {
            throw new ArgumentException($"A secret value is at most {options.Value.MaxValueLength} characters (this one has {value.Length}).", nameof(value));
        }
    }

    private static string Kind(string kind)
    {
        ArgumentNullException.ThrowIfNull(kind);
        return kind.Length is > 0 and <= VaultSecretMetadata.MaxKindLength && kind.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-')
            ? kind
            : throw new ArgumentException($"A secret kind is 1 to {VaultSecretMetadata.MaxKindLength} lowercase letters, digits and dashes, such as 'password'.", nameof(kind));
    }

    private static IReadOnlyList<string> Tags(IReadOnlyList<string> tags)
    {
        ArgumentNullException.ThrowIfNull(tags);
        return tags.Count <= VaultSecretMetadata.MaxTags
            ? [.. tags.Select(t => Guard.Name(t, "A secret tag", VaultSecretMetadata.MaxTagLength, nameof(tags))).Distinct(StringComparer.Ordinal)]
            : throw new ArgumentException($"A secret carries at most {VaultSecretMetadata.MaxTags} tags.", nameof(tags));
    }

    private DateTimeOffset Now() => Guard.UtcMilliseconds(time.GetUtcNow());

    private static AuditEntry Entry(string action, VaultSecretMetadata secret, AuditActor actor, int version, string? refusal = null)
    {
        var detail = new Dictionary<string, string>(StringComparer.Ordinal) { ["name"] = secret.Name, ["kind"] = secret.Kind, ["version"] = Number(version) };
        if (action == AuditActions.VaultSecretRevealed)
        {
            detail["operation"] = VaultOperations.Reveal;
        }

        return new AuditEntry(action, secret.TenantId)
        {
            Actor = actor,
            TargetType = TargetType,
            TargetId = secret.Id.ToString(),
            Outcome = refusal is null ? AuditOutcome.Succeeded : AuditOutcome.Refused,
            Reason = refusal,
            Detail = detail,
        };
    }

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    [LoggerMessage(EventId = 50, Level = LogLevel.Information, Message = "Vault secret {SecretId} {Change} in tenant {TenantId} (version {Version}).")]
    private static partial void LogChanged(ILogger logger, string change, Guid secretId, Guid tenantId, int version);

    [LoggerMessage(EventId = 51, Level = LogLevel.Information, Message = "Vault secret {SecretId} version {Version} revealed in tenant {TenantId} to {ActorKind} {ActorId}.")]
    private static partial void LogRevealed(ILogger logger, Guid secretId, int version, Guid tenantId, AuditActorKind actorKind, Guid? actorId);

    [LoggerMessage(EventId = 52, Level = LogLevel.Warning, Message = "Vault secret {SecretId} version {Version} in tenant {TenantId} failed authentication or has no data key; nothing was revealed.")]
    private static partial void LogUnreadable(ILogger logger, Guid secretId, int version, Guid tenantId);

    [LoggerMessage(EventId = 53, Level = LogLevel.Warning, Message = "Vault data key of tenant {TenantId} shredded (it had one: {Destroyed}).")]
    private static partial void LogShredded(ILogger logger, Guid tenantId, bool destroyed);

    [LoggerMessage(EventId = 54, Level = LogLevel.Information, Message = "{Rewrapped} vault data keys re-wrapped under key-encryption key {KeyId}.")]
    private static partial void LogRewrapped(ILogger logger, int rewrapped, string keyId);
}
