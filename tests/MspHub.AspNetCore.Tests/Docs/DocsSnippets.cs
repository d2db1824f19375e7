using System.Text;
using System.Text.RegularExpressions;

namespace MspHub.AspNetCore.Tests.Docs;

/// <summary>
/// Ties test code to the docs: a region of test source between <c>// docs: page.md#anchor</c> and <c>// end docs</c>
/// must equal a <c>```csharp</c> block of that page, under the heading the anchor names. So a snippet cannot change
/// without its test changing, and a test cannot drift from the snippet it proves.
/// </summary>
/// <remarks>
/// Regions of one file that open with the same marker text are parts of one snippet, joined in file order. That lets a
/// snippet with using directives, statements and a type (a whole <c>Program.cs</c>) be compiled where each part is
/// legal, with the test's own lines (a log capture, a stop signal) kept visibly outside the regions.
/// Text is compared after normalising only what a page or a method body changes: the common leading indentation of
/// each part, trailing whitespace, and blank lines at either end.
/// </remarks>
internal static partial class DocsSnippets
{
    private const string Opening = "// docs:";
    private const string Closing = "// end docs";

    /// <summary>The snippets marked in one source file, parts joined, in the order they first open.</summary>
    public static IReadOnlyList<MarkedSnippet> Extract(string source, string sourceName)
    {
        var parts = new List<(string Marker, int Line, List<string> Lines)>();
        List<string>? open = null;
        var lineNumber = 0;
        foreach (var line in Lines(source))
        {
            lineNumber++;
            var trimmed = line.Trim();
            if (trimmed.StartsWith(Opening, StringComparison.Ordinal))
            {
                if (open is not null)
                {
                    throw new FormatException($"{sourceName}:{lineNumber}: a docs region opens inside another one.");
                }

                open = [];
                parts.Add((trimmed[Opening.Length..].Trim(), lineNumber, open));
            }
            else if (trimmed == Closing)
            {
                open = open is null
                    ? throw new FormatException($"{sourceName}:{lineNumber}: '{Closing}' closes no docs region.")
                    : null;
            }
            else
            {
                open?.Add(line);
            }
        }

        if (open is not null)
        {
            throw new FormatException($"{sourceName}:{parts[^1].Line}: the docs region '{parts[^1].Marker}' is never closed.");
        }

        return [.. parts
            .GroupBy(p => p.Marker, StringComparer.Ordinal)
            .Select(g => MarkedSnippet.Parse(g.Key, $"{sourceName}:{g.First().Line}", Normalise(g.SelectMany(p => Dedent(p.Lines))), sourceName))];
    }

    /// <summary>Every <c>```csharp</c> block of a markdown page, with the anchors of the headings it lies under.</summary>
    public static IReadOnlyList<DocsCodeBlock> CodeBlocks(string markdown)
    {
        var blocks = new List<DocsCodeBlock>();
        var headings = new List<(int Level, string Anchor)>();
        var anchorUses = new Dictionary<string, int>(StringComparer.Ordinal);
        List<string>? fence = null;
        string? fenceLanguage = null;
        foreach (var line in Lines(markdown))
        {
            var trimmed = line.Trim();
            if (fence is not null)
            {
                if (trimmed == "```")
                {
                    if (fenceLanguage == "csharp")
                    {
                        blocks.Add(new DocsCodeBlock([.. headings.Select(h => h.Anchor)], Normalise(fence)));
                    }

                    fence = null;
                }
                else
                {
                    fence.Add(line);
                }
            }
            else if (trimmed.StartsWith("```", StringComparison.Ordinal))
            {
                fence = [];
                fenceLanguage = trimmed[3..].Trim();
            }
            else if (Heading().Match(line) is { Success: true } heading)
            {
                var level = heading.Groups[1].Length;
                headings.RemoveAll(h => h.Level >= level);
                headings.Add((level, UniqueAnchor(Anchor(heading.Groups[2].Value), anchorUses)));
            }
        }

        return blocks;
    }

    /// <summary>The anchor GitHub gives a heading: lowercase, punctuation dropped, spaces as dashes.</summary>
    public static string Anchor(string heading)
    {
        var anchor = new StringBuilder(heading.Length);
        foreach (var c in heading.Trim().ToLowerInvariant())
        {
            if (char.IsLetterOrDigit(c) || c is '-' or '_')
            {
                anchor.Append(c);
            }
            else if (c == ' ')
            {
                anchor.Append('-');
            }
        }

        return anchor.ToString();
    }

    /// <summary>Lines without trailing whitespace, without the indentation they all share, without blank lines at either end.</summary>
    public static string Normalise(IEnumerable<string> lines) =>
        string.Join('\n', Dedent(lines).SkipWhile(l => l.Length == 0).Reverse().SkipWhile(l => l.Length == 0).Reverse());

    /// <summary>
    /// Lines without trailing whitespace and without the indentation they all share. Blank lines stay, so a part that
    /// ends with one (where the test puts its own lines between two parts) keeps the page's blank line.
    /// </summary>
    private static List<string> Dedent(IEnumerable<string> lines)
    {
        var trimmed = lines.Select(l => l.TrimEnd()).ToList();
        var indent = trimmed.Where(l => l.Length > 0).Select(l => l.Length - l.TrimStart().Length).DefaultIfEmpty(0).Min();
        return [.. trimmed.Select(l => l.Length == 0 ? l : l[indent..])];
    }

    private static string UniqueAnchor(string anchor, Dictionary<string, int> uses)
    {
        var seen = uses.GetValueOrDefault(anchor);
        uses[anchor] = seen + 1;
        return seen == 0 ? anchor : $"{anchor}-{seen}";
    }

    private static string[] Lines(string text) => text.ReplaceLineEndings("\n").Split('\n');

    [GeneratedRegex(@"^(#{1,6})\s+(.+?)\s*#*\s*$")]
    private static partial Regex Heading();
}

/// <summary>A snippet marked in test code: the page and heading anchor it claims to be on, and its text.</summary>
internal sealed record MarkedSnippet(string Marker, string Page, string Anchor, string Location, string Text)
{
    /// <summary>Reads a marker such as <c>access-control.md#protecting-endpoints</c>, optionally followed by a label that tells apart two blocks under one heading.</summary>
    public static MarkedSnippet Parse(string marker, string location, string text, string sourceName)
    {
        var target = marker.Split(' ', 2)[0];
        var hash = target.IndexOf('#', StringComparison.Ordinal);
        if (hash <= 0 || hash == target.Length - 1 || !target[..hash].EndsWith(".md", StringComparison.Ordinal))
        {
            throw new FormatException($"{sourceName}: the docs marker '{marker}' does not name page.md#anchor.");
        }

        return new MarkedSnippet(marker, target[..hash], target[(hash + 1)..], location, text);
    }
}

/// <summary>A <c>```csharp</c> block of a page: the anchors of the headings it lies under (outermost first) and its text.</summary>
internal sealed record DocsCodeBlock(IReadOnlyList<string> Sections, string Text);
