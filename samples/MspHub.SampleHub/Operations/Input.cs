using System.Buffers;

namespace MspHub.SampleHub.Operations;

/// <summary>Checks of what users type, failing with a message the page or the API shows as it is.</summary>
public static class Input
{
    public const int MaxNameLength = 100;

    // Characters that make a name read as something else where it is shown, the ones MspHub refuses in its own names:
    // controls (PostgreSQL also refuses NUL), line and paragraph separators, the bidirectional formatting characters that
    // reorder the text around them, and invisible characters that space or join nothing (soft hyphen, zero-width space,
    // word joiner, BOM and the like), with which "patch\u200B servers" stands beside "patch servers" and reads the same.
    // The zero-width joiner and non-joiner stay: scripts and emoji need them.
    private static readonly SearchValues<char> NotInName = SearchValues.Create(
        string.Concat(Enumerable.Range(0, 0xA0).Select(c => (char)c).Where(char.IsControl))
        + "\u061C\u200E\u200F\u202A\u202B\u202C\u202D\u202E\u2066\u2067\u2068\u2069" // bidirectional formatting
        + "\u2028\u2029" // line and paragraph separators
        + "\u00AD\u034F\u115F\u1160\u200B\u2060\u2061\u2062\u2063\u2064\u206A\u206B\u206C\u206D\u206E\u206F\u3164\uFEFF\uFFA0"); // invisible

    /// <summary>
    /// A name people tell apart by reading it: trimmed, at most <see cref="MaxNameLength"/> characters, plain text on one
    /// line with no invisible characters. Names unique in a tenant are compared ignoring case (<see cref="SameName"/>).
    /// </summary>
    public static string Name(string? value, string what)
    {
        var trimmed = value?.Trim();
        return string.IsNullOrEmpty(trimmed) ? throw new ArgumentException($"{what} is required.")
            : trimmed.Length > MaxNameLength ? throw new ArgumentException($"{what} is at most {MaxNameLength} characters.")
            : trimmed.AsSpan().ContainsAny(NotInName) ? throw new ArgumentException($"{what} is plain text on one line, with no invisible characters.")
            : trimmed;
    }

    /// <summary>
    /// <paramref name="name"/> as names unique in a tenant are compared (automs, dashboards): lowercased, so "Patch
    /// servers" and "patch servers" are one name. Compared in the query with <c>Name.ToLower()</c>, which both databases
    /// translate (SQLite's <c>lower()</c> folds ASCII letters only).
    /// </summary>
    public static string SameName(string name) => name.ToLowerInvariant();

    /// <summary>
    /// A refusal's message as the user reads it, without the codes meant for developers: .NET appends
    /// " (Parameter 'name')" and "Actual value was ..." to argument errors, and MspHub's invalid slug message names
    /// the broken rule by its enum value ("is invalid (Characters): ...") before saying it in words; an undeclared
    /// permission's message tells how to declare it, and a missing tenant's echoes the id sent.
    /// </summary>
    public static string Message(Exception refused)
    {
        var message = refused.Message.Split('\n')[0].TrimEnd('\r');
        return refused switch
        {
            ArgumentException { ParamName: { } parameter } => message.Replace($" (Parameter '{parameter}')", "", StringComparison.Ordinal),
            InvalidTenantSlugException slug => message.Replace($" ({slug.Rule}):", ":", StringComparison.Ordinal),
            QuotaExceededException quota => QuotaAlert.Refusal(quota),
            // The library's messages for these tell a developer what to fix in code, or echo an id a form sent (an id
            // the page cannot read arrives as the nil guid); a person needs to know what to do instead.
            UnknownPermissionException unknown => $"'{unknown.Permission}' is not a permission of this hub. Choose from the permissions the page lists.",
            TenantNotFoundException => "That tenant does not exist: it may have been deleted meanwhile. Reload the page and try again.",
            _ => message,
        };
    }

    public const int MinUserNameLength = 2;

    public const int MaxUserNameLength = 32;

    /// <summary>
    /// A sign-in name, lowercased: short enough for the header and lists, and only characters that read the same
    /// everywhere a name is shown or typed (no spaces, look-alike letters or markup).
    /// </summary>
    public static string UserName(string? value)
    {
        var name = value?.Trim().ToLowerInvariant();
        return string.IsNullOrEmpty(name) ? throw new ArgumentException("A user name is required.")
            : name.Length is < MinUserNameLength or > MaxUserNameLength
                ? throw new ArgumentException($"A user name is {MinUserNameLength} to {MaxUserNameLength} characters long (this one has {name.Length}).")
            : !IsUserName(name)
                ? throw new ArgumentException("A user name starts with a letter and holds only letters a-z, digits 0-9, dots, dashes and underscores.")
            : name;
    }

    /// <summary>Whether <paramref name="name"/> (lowercased) is one <see cref="UserName"/> accepts, so an account could have it.</summary>
    public static bool IsUserName(string name) =>
        name.Length is >= MinUserNameLength and <= MaxUserNameLength
        && char.IsAsciiLetterLower(name[0]) && name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '.' or '-' or '_');

    public const int MaxFullNameLength = 100;

    // The longest address SMTP carries (RFC 5321's path limit less its angle brackets).
    public const int MaxEmailLength = 254;

    /// <summary>A person's full name, trimmed, or null when none was given.</summary>
    public static string? FullName(string? value)
    {
        var name = value?.Trim();
        return string.IsNullOrEmpty(name) ? null
            : name.Length > MaxFullNameLength ? throw new ArgumentException($"A full name is at most {MaxFullNameLength} characters long (this one has {name.Length}).")
            : name.Any(char.IsControl) ? throw new ArgumentException("A full name holds no control characters.")
            : name;
    }

    /// <summary>An email address, trimmed, or null when none was given; only a plain address, no display name.</summary>
    public static string? Email(string? value)
    {
        var address = value?.Trim();
        return string.IsNullOrEmpty(address) ? null
            : address.Length <= MaxEmailLength && System.Net.Mail.MailAddress.TryCreate(address, out var parsed) && parsed.Address == address
                ? address
                : throw new ArgumentException($"'{address}' is not an email address such as name@example.com.");
    }

    public static double Threshold(double value) =>
        value is > 0 and <= 100 ? value : throw new ArgumentException($"A threshold is a percentage above 0 and at most 100 (got {value}).");
}
