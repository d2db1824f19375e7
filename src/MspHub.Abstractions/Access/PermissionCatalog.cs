using System.Collections.Frozen;

namespace MspHub;

/// <summary>
/// Every permission the host declared, compiled at start-up to dense indexes, with the flags that limit
/// who may hold each: sensitive permissions are never held by technicians, and MSP-level permissions are
/// never part of a tenant role.
/// </summary>
public sealed class PermissionCatalog
{
    private readonly FrozenDictionary<Permission, PermissionId> _ids;
    private readonly FrozenDictionary<string, PermissionId> _idsByName;
    private readonly bool[] _sensitive;
    private readonly bool[] _mspLevel;

    internal PermissionCatalog(IReadOnlyList<(Permission Permission, bool Sensitive, bool MspLevel)> declared)
    {
        All = [.. declared.Select(d => d.Permission)];
        _ids = All.Select((p, i) => KeyValuePair.Create(p, new PermissionId(i))).ToFrozenDictionary();
        _idsByName = All.Select((p, i) => KeyValuePair.Create(p.ToString(), new PermissionId(i))).ToFrozenDictionary(StringComparer.Ordinal);
        _sensitive = [.. declared.Select(d => d.Sensitive)];
        _mspLevel = [.. declared.Select(d => d.MspLevel)];
        Everything = Create(Enumerable.Range(0, All.Count).Select(i => new PermissionId(i)));
        Nothing = Create([], canEnterTenant: false);
    }

    /// <summary>The declared permissions, in declaration order; a permission's index is its <see cref="PermissionId"/>.</summary>
    public IReadOnlyList<Permission> All { get; }

    /// <summary>The set of every permission (what an MSP admin holds).</summary>
    public PermissionSet Everything { get; }

    /// <summary>The empty set.</summary>
    public PermissionSet Nothing { get; }

    /// <summary>The id of <paramref name="permission"/>.</summary>
    /// <exception cref="UnknownPermissionException">It was never declared.</exception>
    public PermissionId Id(Permission permission) =>
        _ids.TryGetValue(permission, out var id) ? id : throw new UnknownPermissionException(permission.ToString());

    /// <summary>The id of the permission written <c>resource.action</c>.</summary>
    /// <exception cref="UnknownPermissionException">It was never declared.</exception>
    public PermissionId Id(string permission)
    {
        ArgumentNullException.ThrowIfNull(permission);
        return _idsByName.TryGetValue(permission, out var id) ? id : throw new UnknownPermissionException(permission);
    }

    /// <summary>Looks up the permission written <c>resource.action</c>.</summary>
    public bool TryGetId(string permission, out PermissionId id) => _idsByName.TryGetValue(permission, out id);

    /// <summary>Whether <paramref name="permission"/> is sensitive: never held by technicians, whatever they are granted.</summary>
    public bool IsSensitive(PermissionId permission) => _sensitive[permission.Index];

    /// <summary>Whether <paramref name="permission"/> is MSP-level: never part of a tenant role.</summary>
    public bool IsMspLevel(PermissionId permission) => _mspLevel[permission.Index];

    /// <summary>The permission with <paramref name="id"/>.</summary>
    public Permission this[PermissionId id] => All[id.Index];

    /// <summary>Builds a set from ids of this catalog.</summary>
    /// <param name="permissions">The permissions in the set.</param>
    /// <param name="canEnterTenant">Whether the holder may make the tenant active (<see cref="PermissionSet.CanEnterTenant"/>).</param>
    public PermissionSet Create(IEnumerable<PermissionId> permissions, bool canEnterTenant = true)
    {
        ArgumentNullException.ThrowIfNull(permissions);
        var bits = new ulong[(All.Count + 63) >> 6];
        foreach (var permission in permissions)
        {
            if ((uint)permission.Index >= (uint)All.Count)
            {
                throw new ArgumentOutOfRangeException(nameof(permissions), permission.Index, "The id is not from this catalog.");
            }

            bits[permission.Index >> 6] |= 1UL << permission.Index;
        }

        return new PermissionSet(bits, canEnterTenant);
    }
}
