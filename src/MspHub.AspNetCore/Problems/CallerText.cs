namespace MspHub.AspNetCore;

/// <summary>
/// How a problem's detail quotes what the caller sent: a short prefix at most, so a 100 KB header is never echoed back,
/// with control and bidirectional formatting characters shown as U+FFFD, so the quote cannot reorder or break the detail.
/// </summary>
internal static class CallerText
{
    /// <summary>The most characters of caller input a detail quotes; longer input is cut and marked with an ellipsis.</summary>
    public const int MaxQuotedLength = 64;

    public static string Quote(ReadOnlySpan<char> text) =>
        $"'{Guard.AsPlainLine(Guard.Shorten(text, MaxQuotedLength + 1))}'";
}
