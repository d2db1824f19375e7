using System.Collections.Frozen;

namespace MspHub;

/// <summary>
/// The rules for tenant slugs. Slugs end up in host names, URLs, storage keys and audit records, so
/// they are held to the intersection of what all of those accept: 2–63 lowercase ASCII letters, digits
/// and single dashes, not starting or ending with a dash (a DNS label), and not a reserved word.
/// </summary>
public static class TenantSlug
{
    /// <summary>The shortest slug allowed.</summary>
    public const int MinLength = 2;

    /// <summary>The longest slug allowed: the length limit of one DNS label.</summary>
    public const int MaxLength = 63;

    /// <summary>
    /// Words no tenant may take, because they name the platform's own routes, host names or well-known
    /// sub-domains, or would read as missing values in logs. Compared ignoring case.
    /// </summary>
    public static FrozenSet<string> ReservedWords { get; } = FrozenSet.Create(StringComparer.OrdinalIgnoreCase,
    [
        "admin", "api", "app", "assets", "auth", "billing", "cdn", "console", "dashboard", "docs",
        "help", "hub", "internal", "login", "logout", "mail", "msphub", "null", "oauth", "portal",
        "root", "signin", "signout", "signup", "static", "status", "support", "system", "undefined",
        "www",
    ]);

    /// <summary>Returns <paramref name="slug"/> if it is valid, otherwise throws naming the broken rule.</summary>
    /// <exception cref="InvalidTenantSlugException">The slug breaks a rule.</exception>
    public static string Validate(string? slug)
    {
        var broken = Check(slug);
        return broken is null ? slug! : throw new InvalidTenantSlugException(slug, broken.Value);
    }

    /// <summary>Whether <paramref name="slug"/> satisfies every rule.</summary>
    public static bool IsValid(string? slug) => Check(slug) is null;

    /// <summary>The first rule <paramref name="slug"/> breaks, or <see langword="null"/> when it is valid.</summary>
    public static TenantSlugRule? Check(string? slug)
    {
        if (string.IsNullOrEmpty(slug))
        {
            return TenantSlugRule.Required;
        }

        return CheckShape(slug, ignoreCase: false)
            ?? (ReservedWords.Contains(slug) ? TenantSlugRule.Reserved : null);
    }

    /// <summary>
    /// Whether an identifier taken from a request could name a tenant, ignoring case. Resolution calls
    /// this before any lookup so malformed or hostile input never reaches a store.
    /// </summary>
    public static bool CouldMatch(ReadOnlySpan<char> candidate) =>
        !candidate.IsEmpty
        && CheckShape(candidate, ignoreCase: true) is null
        && !IsReserved(candidate);

    private static bool IsReserved(ReadOnlySpan<char> candidate) =>
        ReservedWords.GetAlternateLookup<ReadOnlySpan<char>>().Contains(candidate);

    private static TenantSlugRule? CheckShape(ReadOnlySpan<char> slug, bool ignoreCase)
    {
        if (slug.Length is < MinLength or > MaxLength)
        {
            return TenantSlugRule.Length;
        }

        var previousWasDash = false;
        foreach (var c in slug)
        {
            var isDash = c == '-';
            if (!isDash && !char.IsAsciiDigit(c) && !char.IsAsciiLetterLower(c) && !(ignoreCase && char.IsAsciiLetterUpper(c)))
            {
                return TenantSlugRule.Characters;
            }

            if (isDash && previousWasDash)
            {
                return TenantSlugRule.ConsecutiveDashes;
            }

            previousWasDash = isDash;
        }

        return slug[0] == '-' || slug[^1] == '-' ? TenantSlugRule.LeadingOrTrailingDash : null;
    }
}
