using System.Diagnostics.CodeAnalysis;

namespace MspHub;

/// <summary>Whose cached access an <see cref="AccessChange"/> makes outdated.</summary>
public enum AccessChangeKind
{
    /// <summary>One user's access in every tenant: a system role, membership, grant or activity change.</summary>
    User,

    /// <summary>Every user's access in one tenant and every tenant under it: a tenant role's permissions changed (descendants inherit it), or the tenant moved with its branch.</summary>
    Tenant,
}

/// <summary>
/// An access change as other nodes hear of it, so they can forget what they cached about it. Its text form
/// (<see cref="ToString"/>, <c>user:&lt;id&gt;</c> or <c>tenant:&lt;id&gt;</c>) is what a transport carries:
/// short, and parsed back by <see cref="TryParse"/> without trusting the sender.
/// </summary>
/// <param name="Kind">Whether <paramref name="Id"/> names a user or a tenant.</param>
/// <param name="Id">The user or tenant whose cached access is outdated.</param>
public readonly record struct AccessChange(AccessChangeKind Kind, Guid Id)
{
    private const string UserPrefix = "user:";
    private const string TenantPrefix = "tenant:";

    /// <summary>A change to <paramref name="userId"/>'s access, in whichever tenants.</summary>
    public static AccessChange OfUser(Guid userId) => new(AccessChangeKind.User, userId);

    /// <summary>A change to what a role grants in <paramref name="tenantId"/> and its descendants, or to where the branch hangs, for whoever holds access there.</summary>
    public static AccessChange OfTenant(Guid tenantId) => new(AccessChangeKind.Tenant, tenantId);

    /// <summary>Reads a change from its text form; <see langword="false"/> for anything else, which a receiver ignores.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, out AccessChange change)
    {
        change = default;
        AccessChangeKind kind;
        string prefix;
        if (text?.StartsWith(UserPrefix, StringComparison.Ordinal) == true)
        {
            (kind, prefix) = (AccessChangeKind.User, UserPrefix);
        }
        else if (text?.StartsWith(TenantPrefix, StringComparison.Ordinal) == true)
        {
            (kind, prefix) = (AccessChangeKind.Tenant, TenantPrefix);
        }
        else
        {
            return false;
        }

        if (!Guid.TryParseExact(text.AsSpan(prefix.Length), "D", out var id))
        {
            return false;
        }

        change = new AccessChange(kind, id);
        return true;
    }

    /// <summary>The text form a transport carries: <c>user:&lt;id&gt;</c> or <c>tenant:&lt;id&gt;</c>.</summary>
    public override string ToString() => (Kind == AccessChangeKind.User ? UserPrefix : TenantPrefix) + Id.ToString("D");
}
