using MspHub.AspNetCore.Tests.TestSupport;

namespace MspHub.AspNetCore.Tests.Docs;

/// <summary>Every snippet marked in test code is on its page, word for word, so the docs show only code a test compiled and ran.</summary>
public sealed class DocsSnippetsShould
{
    [Fact]
    public void Find_every_marked_snippet_on_its_page_under_its_heading()
    {
        var snippets = MarkedSnippets();
        var problems = snippets.Select(Mismatch).OfType<string>().ToList();

        Assert.NotEmpty(snippets);
        Assert.True(problems.Count == 0, string.Join("\n\n", problems));
    }

    [Fact]
    public void Prove_every_csharp_block_of_every_page()
    {
        var proved = MarkedSnippets().Select(s => (s.Page, s.Text)).ToHashSet();
        var unproved = Directory.EnumerateFiles(Path.Combine(Repository.Root(), "docs"), "*.md")
            .Order(StringComparer.Ordinal)
            .SelectMany(path => DocsSnippets.CodeBlocks(File.ReadAllText(path))
                .Where(b => !proved.Contains((Path.GetFileName(path), b.Text)))
                .Select(b => $"docs/{Path.GetFileName(path)} under #{(b.Sections.Count > 0 ? b.Sections[^1] : "the top")}, no test region equals:\n{b.Text}"))
            .ToList();

        Assert.True(unproved.Count == 0, string.Join("\n\n", unproved));
    }

    private static List<MarkedSnippet> MarkedSnippets()
    {
        var root = Repository.Root();
        return [.. Directory.EnumerateFiles(Path.Combine(root, "tests"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .SelectMany(f => DocsSnippets.Extract(File.ReadAllText(f), Path.GetRelativePath(root, f)))];
    }

    private static string? Mismatch(MarkedSnippet snippet)
    {
        var page = Path.Combine(Repository.Root(), "docs", snippet.Page);
        if (!File.Exists(page))
        {
            return $"{snippet.Location}: docs/{snippet.Page} does not exist.";
        }

        var underHeading = DocsSnippets.CodeBlocks(File.ReadAllText(page)).Where(b => b.Sections.Contains(snippet.Anchor)).ToList();
        return underHeading.Count == 0
            ? $"{snippet.Location}: docs/{snippet.Page} has no ```csharp block under a heading with anchor #{snippet.Anchor}."
            : underHeading.Any(b => b.Text == snippet.Text)
                ? null
                : $"{snippet.Location}: no ```csharp block under docs/{snippet.Page}#{snippet.Anchor} equals the test's region:\n{snippet.Text}";
    }
}
