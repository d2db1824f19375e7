namespace MspHub.EntityFramework;

/// <summary>Turns user text into a <c>LIKE</c> pattern that matches the text literally, so a search for <c>50%</c> or <c>a_b</c> finds exactly that.</summary>
internal static class LikePattern
{
    /// <summary>The escape character the patterns use; passed to the <c>LIKE</c> so no provider default is assumed.</summary>
    public const string EscapeText = "\\";

    /// <summary><paramref name="text"/> with its wildcards and escape character escaped.</summary>
    public static string Escape(string text) =>
        text.Replace(EscapeText, EscapeText + EscapeText, StringComparison.Ordinal)
            .Replace("%", EscapeText + "%", StringComparison.Ordinal)
            .Replace("_", EscapeText + "_", StringComparison.Ordinal);
}
