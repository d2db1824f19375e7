using System.Diagnostics.CodeAnalysis;

namespace MspHub;

/// <summary>Which cached data a <see cref="CacheChange"/> makes outdated.</summary>
public enum CacheChangeKind
{
    /// <summary>One user's access in every tenant: a system role, membership, grant or activity change.</summary>
    User,

    /// <summary>Every user's access in one tenant and every tenant under it: a tenant role's permissions changed (descendants inherit it), or the tenant moved with its branch.</summary>
    Tenant,

    /// <summary>
    /// The tenant itself as the tenant cache holds it: its status (suspended, being deleted), slug, name, parent,
    /// features or admin-tenancy flag changed, or it was created or removed.
    /// </summary>
    TenantState,

    /// <summary>
    /// The tenant's vault data key was destroyed (crypto-shredding): every node drops its unwrapped copy, so no node
    /// decrypts with a key that no longer exists. A kind of its own rather than <see cref="TenantState"/>: the
    /// destruction is announced by the store that destroys the key, whoever asked for it (a tenant deletion or
    /// <see cref="IVaultKeyShredder.ShredAsync"/> alone, the tenant staying), and a rename or a feature change, which
    /// announce <see cref="TenantState"/>, leaves the key as it is and must not make every node unwrap it again.
    /// </summary>
    VaultDataKey,

    /// <summary>
    /// The tenant's placement (MspHub.EntityFramework's placement catalog): where its data lives, or its state
    /// (read-only, moving, writes fenced) and epoch changed, or it was placed. A kind of its own: every node routes by
    /// its cached placement, and one that keeps an old state would take writes for a tenant made read-only elsewhere,
    /// while a change to the tenant itself (<see cref="TenantState"/>) leaves where its data lives as it is.
    /// </summary>
    Placement,
}

/// <summary>
/// A committed change as other nodes hear of it, so they can forget what they cached about it: the permission cache
/// for <see cref="CacheChangeKind.User"/> and <see cref="CacheChangeKind.Tenant"/>, the tenant cache for
/// <see cref="CacheChangeKind.TenantState"/>, the vault's data keys for <see cref="CacheChangeKind.VaultDataKey"/>, the placement
/// cache for <see cref="CacheChangeKind.Placement"/>.
/// Every transport carries the same text form (<see cref="ToString"/>: <c>user:&lt;id&gt;</c>, <c>tenant:&lt;id&gt;</c>,
/// <c>tenant-state:&lt;id&gt;</c>, <c>vault-key:&lt;id&gt;</c> or <c>placement:&lt;id&gt;</c>), short enough for any of them,
/// and parsed back by <see cref="TryParse"/> without trusting the sender: anything else is ignored.
/// </summary>
/// <param name="Kind">What <paramref name="Id"/> names.</param>
/// <param name="Id">The user or tenant whose cached data is outdated.</param>
public readonly record struct CacheChange(CacheChangeKind Kind, Guid Id)
{
    // The prefixes ToString writes. Each ends in ':' and none starts another ("tenant:" and "tenant-state:" part at
    // their seventh character), so their order does not matter.
    private static readonly (string Prefix, CacheChangeKind Kind)[] Prefixes =
        [("user:", CacheChangeKind.User), ("tenant:", CacheChangeKind.Tenant), ("tenant-state:", CacheChangeKind.TenantState), ("vault-key:", CacheChangeKind.VaultDataKey),
        ("placement:", CacheChangeKind.Placement)];

    /// <summary>The most characters a text form has; longer text is refused before it is looked at.</summary>
    public const int MaxLength = 13 + 36;

    /// <summary>A change to <paramref name="userId"/>'s access, in whichever tenants.</summary>
    public static CacheChange OfUser(Guid userId) => new(CacheChangeKind.User, userId);

    /// <summary>A change to what a role grants in <paramref name="tenantId"/> and its descendants, or to where the branch hangs, for whoever holds access there.</summary>
    public static CacheChange OfTenant(Guid tenantId) => new(CacheChangeKind.Tenant, tenantId);

    /// <summary>A change to the tenant <paramref name="tenantId"/> itself (status, slug, name, parent, features), its creation or its removal.</summary>
    public static CacheChange OfTenantState(Guid tenantId) => new(CacheChangeKind.TenantState, tenantId);

    /// <summary>The destruction of <paramref name="tenantId"/>'s vault data key, which no node may keep using from its cache.</summary>
    public static CacheChange OfVaultDataKey(Guid tenantId) => new(CacheChangeKind.VaultDataKey, tenantId);

    /// <summary>A change to where the tenant <paramref name="tenantId"/>'s data lives, or to its placement's state or epoch.</summary>
    public static CacheChange OfPlacement(Guid tenantId) => new(CacheChangeKind.Placement, tenantId);

    /// <summary>Reads a change from its text form; <see langword="false"/> for anything else, which a receiver ignores.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, out CacheChange change)
    {
        change = default;
        if (text is null || text.Length > MaxLength)
        {
            return false;
        }

        foreach (var (prefix, kind) in Prefixes)
        {
            if (text.StartsWith(prefix, StringComparison.Ordinal))
            {
                if (!Guid.TryParseExact(text.AsSpan(prefix.Length), "D", out var id))
                {
                    return false;
                }

                change = new CacheChange(kind, id);
                return true;
            }
        }

        return false;
    }

    /// <summary>The text form a transport carries: <c>user:&lt;id&gt;</c>, <c>tenant:&lt;id&gt;</c>, <c>tenant-state:&lt;id&gt;</c>, <c>vault-key:&lt;id&gt;</c> or <c>placement:&lt;id&gt;</c>.</summary>
    public override string ToString() => Kind switch
    {
        CacheChangeKind.User => "user:",
        CacheChangeKind.Tenant => "tenant:",
        CacheChangeKind.TenantState => "tenant-state:",
        CacheChangeKind.VaultDataKey => "vault-key:",
        CacheChangeKind.Placement => "placement:",
        _ => throw new InvalidOperationException($"{Kind} is not a kind of cache change."),
    } + Id.ToString("D");
}
