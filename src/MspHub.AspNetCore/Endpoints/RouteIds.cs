namespace MspHub.AspNetCore;

/// <summary>
/// Ids sent in routes, queries and headers, read one way: the 36-character form (<c>0193a2b4-…</c>) and nothing else,
/// so an id with braces, spaces or a trailing line break is malformed rather than quietly the same id. The nil id
/// (all zeros) names nothing and reads as malformed too.
/// </summary>
internal static class RouteIds
{
    // The length first: Guid parsing forgives surrounding white space, a line break included.
    public static bool TryParse(string? text, out Guid id)
    {
        id = Guid.Empty;
        return text is { Length: 36 } && Guid.TryParseExact(text, "D", out id) && id != Guid.Empty;
    }
}
