using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace MspHub;

/// <summary>The default <see cref="IApiKeyManager"/>.</summary>
internal sealed class ApiKeyManager(
    IApiKeyStore store, IPermissionEvaluator evaluator, PermissionCatalog catalog, IOptions<MspHubOptions> options, TimeProvider time, IAuditLog audit, ITenancy tenancy)
    : IApiKeyManager
{
    private const string Scheme = "mhk_";
    private const int PrefixBytes = 6;
    private const int SecretBytes = 32;

    public async Task<CreatedApiKey> CreateAsync(
        Guid creatorId, Guid tenantId, string name, IEnumerable<string> permissions, DateTimeOffset expiresAt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(permissions);
        TenantSide.RequireActiveTenant(tenancy, tenantId);
        var keyName = Guard.Name(name, "An API key name", 200);
        var now = time.GetUtcNow();
        var maxLifetime = options.Value.ApiKeyMaxLifetime;
        if (expiresAt <= now || expiresAt - now > maxLifetime)
        {
            throw new ArgumentOutOfRangeException(
                nameof(expiresAt), $"An API key must expire after now and within {MspHubOptions.SectionName}:ApiKeyMaxLifetime ({maxLifetime}) of it; {expiresAt:O} is not.");
        }

        var requested = permissions.Select(catalog.Id).Distinct().ToList();
        var gate = catalog.Id(options.Value.ApiKeyPermission);
        if (!catalog.IsSensitive(gate))
        {
            throw new InvalidOperationException(
                $"'{options.Value.ApiKeyPermission}' guards API key creation, so declare it sensitive (Action(\"...\", sensitive: true)); otherwise technicians could be granted it.");
        }

        var held = await evaluator.GetPermissionsAsync(creatorId, tenantId, cancellationToken).ConfigureAwait(false);
        if (!held.Contains(gate))
        {
            throw new AccessRuleException(
                $"Creating API keys needs '{options.Value.ApiKeyPermission}' in the tenant, and the creator does not hold it there (technicians never do).");
        }

        foreach (var permission in requested)
        {
            if (catalog.IsSensitive(permission) || catalog.IsMspLevel(permission) || !held.Contains(permission))
            {
                throw new AccessRuleException($"An API key cannot hold '{catalog[permission]}': keys hold only permissions their creator holds, never sensitive or MSP-level ones.");
            }
        }

        var prefix = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(PrefixBytes));
        var secret = RandomNumberGenerator.GetBytes(SecretBytes);
        var key = new ApiKey
        {
            Id = Guid.CreateVersion7(),
            TenantId = tenantId,
            Name = keyName,
            Prefix = prefix,
            SecretHash = SHA256.HashData(secret),
            Permissions = [.. requested.Select(p => catalog[p].ToString())],
            CreatedBy = creatorId,
            CreatedAt = now,
            ExpiresAt = expiresAt,
        };
        await audit.RecordAsync(
            async token =>
            {
                await store.AddAsync(key, token).ConfigureAwait(false);
                return key;
            },
            _ => new AuditEntry(AuditActions.ApiKeyCreated, tenantId)
            {
                Actor = AuditActor.User(creatorId),
                TargetType = "api-key",
                TargetId = key.Id.ToString(),
                Detail = new Dictionary<string, string> { ["name"] = keyName, ["expires-at"] = expiresAt.ToString("O", CultureInfo.InvariantCulture) },
            },
            cancellationToken).ConfigureAwait(false);
        return new CreatedApiKey(key, $"{Scheme}{prefix}_{Base64Url.EncodeToString(secret)}");
    }

    public async ValueTask<ApiKeyAuthentication> AuthenticateAsync(string presented, CancellationToken cancellationToken = default)
    {
        if (!TryParse(presented, out var prefix, out var secret)
            || await store.FindByPrefixAsync(prefix, cancellationToken).ConfigureAwait(false) is not { } key
            || !CryptographicOperations.FixedTimeEquals(SHA256.HashData(secret), key.SecretHash))
        {
            return ApiKeyAuthentication.Refused(ApiKeyRefusal.Invalid);
        }

        if (key.RevokedAt is not null)
        {
            return ApiKeyAuthentication.Refused(ApiKeyRefusal.Revoked);
        }

        if (key.ExpiresAt <= time.GetUtcNow())
        {
            await audit.RecordAsync(
                new AuditEntry(AuditActions.ApiKeyExpired, key.TenantId)
                {
                    Actor = AuditActor.ApiKey(key.Id),
                    TargetType = "api-key",
                    TargetId = key.Id.ToString(),
                    Outcome = AuditOutcome.Refused,
                    Reason = "The key expired at " + key.ExpiresAt.ToString("O", CultureInfo.InvariantCulture) + ".",
                },
                cancellationToken).ConfigureAwait(false);
            return ApiKeyAuthentication.Refused(ApiKeyRefusal.Expired);
        }

        // The creator's access now, from the evaluator's cache, which forgets it like any user's (access versions),
        // so a key dies with its creator's removal, deactivation, demotion or lost grant.
        var held = await evaluator.GetPermissionsAsync(key.CreatedBy, key.TenantId, cancellationToken).ConfigureAwait(false);
        if (!held.CanEnterTenant || !catalog.TryGetId(options.Value.ApiKeyPermission, out var gate) || !held.Contains(gate))
        {
            return ApiKeyAuthentication.Refused(ApiKeyRefusal.CreatorWithoutAccess);
        }

        List<string> permissions = new(key.Permissions.Count);
        foreach (var permission in key.Permissions)
        {
            if (catalog.TryGetId(permission, out var id) && held.Contains(id) && !catalog.IsSensitive(id) && !catalog.IsMspLevel(id))
            {
                permissions.Add(permission);
            }
        }

        return ApiKeyAuthentication.Accepted(key, permissions);
    }

    public Task<bool> RevokeAsync(Guid tenantId, Guid id, CancellationToken cancellationToken = default)
    {
        TenantSide.RequireActiveTenant(tenancy, tenantId);
        return audit.RecordAsync(
            token => store.RevokeAsync(tenantId, id, time.GetUtcNow(), token),
            revoked => revoked ? new AuditEntry(AuditActions.ApiKeyRevoked, tenantId) { TargetType = "api-key", TargetId = id.ToString() } : null,
            cancellationToken);
    }

    private static bool TryParse(string? presented, out string prefix, out byte[] secret)
    {
        prefix = string.Empty;
        secret = [];
        var expectedLength = Scheme.Length + (PrefixBytes * 2) + 1 + 43;
        if (presented is null || presented.Length != expectedLength || !presented.StartsWith(Scheme, StringComparison.Ordinal)
            || presented[Scheme.Length + (PrefixBytes * 2)] != '_')
        {
            return false;
        }

        prefix = presented.Substring(Scheme.Length, PrefixBytes * 2);
        secret = new byte[SecretBytes];
        return prefix.All(char.IsAsciiHexDigitLower)
            && Base64Url.DecodeFromChars(presented.AsSpan(Scheme.Length + (PrefixBytes * 2) + 1), secret, out _, out var written) == System.Buffers.OperationStatus.Done
            && written == SecretBytes;
    }
}
