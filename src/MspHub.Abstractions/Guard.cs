using System.Buffers;
using System.Runtime.CompilerServices;

namespace MspHub;

/// <summary>
/// Checks shared by the model types, so each rule reads the same and fails with the same kind of message everywhere. A
/// refusal names the caller's argument (<see cref="ArgumentException.ParamName"/>), not the guard's own parameter.
/// </summary>
internal static class Guard
{
    /// <summary>Returns <paramref name="value"/>, refusing <see cref="Guid.Empty"/>, which is never a real id.</summary>
    public static Guid Id(Guid value, string what, [CallerArgumentExpression(nameof(value))] string? parameter = null) =>
        value != Guid.Empty ? value : throw new ArgumentException($"{what} must not be Guid.Empty.", parameter);

    // Characters no name or text MspHub keeps needs, and that make one read as something else where it is shown (a tenant
    // switcher, an approver's summary, an audit detail): control characters, which PostgreSQL also refuses (NUL), and the
    // bidirectional formatting characters that reorder the text around them (the Arabic letter mark among them). Text on
    // several lines keeps tab and line breaks; a line keeps neither, nor the Unicode line and paragraph separators. A line
    // (a name) also keeps no invisible character that only spaces or joins nothing: with one, "backup\u200B-admin" stands
    // beside "backup-admin" and reads the same. The zero-width joiner and non-joiner stay where scripts and emoji need
    // them, between two characters outside ASCII; next to an ASCII character they join nothing.
    private const string BidiFormatting = "\u061C\u200E\u200F\u202A\u202B\u202C\u202D\u202E\u2066\u2067\u2068\u2069";
    private const string UnicodeLineBreaks = "\u2028\u2029";
    private const string Invisible = "\u00AD\u034F\u115F\u1160\u200B\u2060\u2061\u2062\u2063\u2064\u206A\u206B\u206C\u206D\u206E\u206F\u3164\uFEFF\uFFA0";
    private static readonly SearchValues<char> Joiners = SearchValues.Create("\u200C\u200D");
    private static readonly SearchValues<char> NotInLine = SearchValues.Create(Controls(except: "") + BidiFormatting + UnicodeLineBreaks + Invisible);
    private static readonly SearchValues<char> NotInText = SearchValues.Create(Controls(except: "\t\r\n") + BidiFormatting);

    /// <summary>Whether <paramref name="value"/> is plain text on one line: no control characters, line breaks, bidirectional formatting or invisible spacing.</summary>
    public static bool IsPlainLine(ReadOnlySpan<char> value) => !value.ContainsAny(NotInLine) && JoinersJoinNonAscii(value);

    private static bool JoinersJoinNonAscii(ReadOnlySpan<char> value)
    {
        for (var at = value.IndexOfAny(Joiners); at >= 0; at = value[(at + 1)..].IndexOfAny(Joiners) is var next and >= 0 ? at + 1 + next : -1)
        {
            if (at == 0 || at == value.Length - 1 || char.IsAscii(value[at - 1]) || char.IsAscii(value[at + 1]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// <paramref name="text"/> with every character a line may not hold (<see cref="IsPlainLine"/>) replaced by U+FFFD:
    /// for quoting what a caller sent, so a quote never carries a control character or reorders the message around it.
    /// </summary>
    public static string AsPlainLine(string text) =>
        IsPlainLine(text) ? text : string.Create(text.Length, text, static (line, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                line[i] = NotInLine.Contains(source[i]) ? '\uFFFD' : source[i];
            }
        });

    /// <summary>Whether <paramref name="value"/> is plain text, which may run over several lines: no control characters but tabs and line breaks, no bidirectional formatting.</summary>
    public static bool IsPlainText(ReadOnlySpan<char> value) => !value.ContainsAny(NotInText);

    /// <summary>
    /// Returns <paramref name="value"/> if it is not blank, at most <paramref name="maxLength"/> characters long and plain
    /// text on one line (<see cref="IsPlainLine"/>).
    /// </summary>
    public static string Name(string value, string what, int maxLength, [CallerArgumentExpression(nameof(value))] string? parameter = null) =>
        IsPlainLine(Sized(value, what, maxLength, parameter)) ? value
        : throw new ArgumentException($"{what} must be plain text on one line: no control characters, line breaks, bidirectional formatting or invisible characters.", parameter);

    /// <summary>
    /// Returns <paramref name="value"/> if it is not blank, at most <paramref name="maxLength"/> characters long and plain
    /// text, which may run over several lines.
    /// </summary>
    public static string Text(string value, string what, int maxLength, [CallerArgumentExpression(nameof(value))] string? parameter = null) =>
        IsPlainText(Sized(value, what, maxLength, parameter)) ? value
        : throw new ArgumentException($"{what} must be plain text: no control characters other than tabs and line breaks, and no bidirectional formatting characters.", parameter);

    private static string Sized(string value, string what, int maxLength, string? parameter)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new ArgumentException($"{what} is required and must not be only white space.", parameter);
        }

        if (value.Length > maxLength)
        {
            throw new ArgumentException($"{what} must be at most {maxLength} characters long (this one has {value.Length}).", parameter);
        }

        return IsWellFormed(value)
            ? value
            : throw new ArgumentException($"{what} holds half of a surrogate pair (a character cut in two), which has no UTF-8 form to store.", parameter);
    }

    /// <summary>Whether every surrogate in <paramref name="value"/> is half of a pair, so the text has a UTF-8 form.</summary>
    public static bool IsWellFormed(ReadOnlySpan<char> value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            if (char.IsHighSurrogate(value[i]) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(value[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// <paramref name="text"/> when it has at most <paramref name="maxLength"/> characters; otherwise its start, ended by
    /// an ellipsis, in <paramref name="maxLength"/> characters at most. The cut never splits a surrogate pair (an emoji, say),
    /// whose lone half PostgreSQL refuses to store and JSON cannot carry.
    /// </summary>
    public static string Shorten(string text, int maxLength) => text.Length <= maxLength ? text : Cut(text, maxLength);

    /// <inheritdoc cref="Shorten(string, int)"/>
    public static string Shorten(ReadOnlySpan<char> text, int maxLength) => text.Length <= maxLength ? text.ToString() : Cut(text, maxLength);

    private static string Cut(ReadOnlySpan<char> text, int maxLength)
    {
        var cut = maxLength - 1;
        if (char.IsHighSurrogate(text[cut - 1]))
        {
            cut--;
        }

        return string.Concat(text[..cut], "…");
    }

    private static string Controls(string except)
    {
        var controls = new System.Text.StringBuilder();
        for (var c = '\0'; c <= '\u009F'; c++)
        {
            if (char.IsControl(c) && !except.Contains(c, StringComparison.Ordinal))
            {
                controls.Append(c);
            }
        }

        return controls.ToString();
    }

    /// <summary>
    /// <paramref name="value"/> in UTC to the whole millisecond: the precision every supported database keeps
    /// exactly, so a stored time equals the one that was written.
    /// </summary>
    public static DateTimeOffset UtcMilliseconds(DateTimeOffset value) =>
        new(value.UtcTicks - (value.UtcTicks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero);
}
