using System.Numerics;

namespace MspHub;

/// <summary>
/// An immutable set of permissions of one <see cref="PermissionCatalog"/>, stored as a bitset so a check
/// is one array read and one bit test, without allocating.
/// </summary>
public sealed class PermissionSet
{
    private readonly ulong[] _bits;

    internal PermissionSet(ulong[] bits, bool canEnterTenant)
    {
        _bits = bits;
        CanEnterTenant = canEnterTenant;
    }

    /// <summary>
    /// Whether the user may make the tenant active at all: an MSP admin, or a user with a membership (shadow
    /// included) or technician grant there. A member whose roles grant nothing may still enter.
    /// </summary>
    public bool CanEnterTenant { get; }

    /// <summary>How many permissions the set holds.</summary>
    public int Count => _bits.Sum(word => BitOperations.PopCount(word));

    /// <summary>Whether the set holds <paramref name="permission"/>.</summary>
    public bool Contains(PermissionId permission)
    {
        var word = permission.Index >> 6;
        return (uint)word < (uint)_bits.Length && (_bits[word] & (1UL << permission.Index)) != 0;
    }

    /// <summary>The permissions in the set, in catalog order.</summary>
    public IEnumerable<PermissionId> Ids()
    {
        for (var word = 0; word < _bits.Length; word++)
        {
            for (var bits = _bits[word]; bits != 0; bits &= bits - 1)
            {
                yield return new PermissionId((word << 6) + BitOperations.TrailingZeroCount(bits));
            }
        }
    }
}
