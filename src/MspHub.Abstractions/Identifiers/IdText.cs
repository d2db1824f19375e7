namespace MspHub;

/// <summary>
/// Ids sent as text (in routes, queries, headers, host names, bodies), read one way: the 36-character form
/// (<c>0193a2b4-…</c>) and nothing else, so an id with braces, spaces or a trailing line break is malformed rather than
/// quietly the same id, and a check that compares texts cannot be passed by writing the same id differently. The nil
/// id (all zeros) names nothing and reads as malformed too.
/// </summary>
internal static class IdText
{
    // The length first: Guid parsing forgives surrounding white space, a line break included.
    public static bool TryParse(ReadOnlySpan<char> text, out Guid id)
    {
        id = Guid.Empty;
        return text.Length == 36 && Guid.TryParseExact(text, "D", out id) && id != Guid.Empty;
    }
}
