namespace MspHub.AspNetCore.Tests.Docs;

/// <summary>The extractor and comparer behind <see cref="DocsSnippetsShould"/>, on sample text, so a change on either side is seen.</summary>
public sealed class DocsSnippetsExtractionShould
{
    private const string Page = """
        # Guide

        ## Set up the host

        Register it:

        ```csharp
        builder.Services.AddMspHub(hub => hub
            .AddInMemoryTenantStore());   
        ```

        - In a list:

          ```csharp
          app.UseMspHub();
          ```

        ### Details

        ```csharp
        var x = 1;
        ```

        ```text
        not csharp
        ```

        ## Set up the host
        """;

    /// <summary>Test source with regions; written with @@ for // so that the real check does not read these sample regions.</summary>
    private static readonly string Source = """
        using MspHub;
        namespace Sample;

        public sealed class HostShould
        {
            public void Build()
            {
                @@ docs: guide.md#set-up-the-host
                builder.Services.AddMspHub(hub => hub
                    .AddInMemoryTenantStore());
                @@ end docs
                var notInTheDocs = 2;
                @@ docs: guide.md#details two parts
                var x = 1;

                @@ end docs
            }

            @@ docs: guide.md#details two parts
            public sealed record Y;
            @@ end docs
        }
        """.Replace("@@", "//", StringComparison.Ordinal);

    [Fact]
    public void Extract_regions_without_their_indentation_and_join_parts_in_file_order()
    {
        var snippets = DocsSnippets.Extract(Source, "HostShould.cs");

        Assert.Collection(
            snippets,
            s =>
            {
                Assert.Equal(("guide.md", "set-up-the-host"), (s.Page, s.Anchor));
                Assert.Equal("builder.Services.AddMspHub(hub => hub\n    .AddInMemoryTenantStore());", s.Text);
                Assert.Equal("HostShould.cs:8", s.Location);
            },
            s =>
            {
                Assert.Equal(("guide.md", "details"), (s.Page, s.Anchor));
                Assert.Equal("var x = 1;\n\npublic sealed record Y;", s.Text);
            });
    }

    [Fact]
    public void Read_csharp_blocks_with_the_headings_they_lie_under()
    {
        var blocks = DocsSnippets.CodeBlocks(Page);

        Assert.Collection(
            blocks,
            b =>
            {
                Assert.Equal(["guide", "set-up-the-host"], b.Sections);
                Assert.Equal("builder.Services.AddMspHub(hub => hub\n    .AddInMemoryTenantStore());", b.Text);
            },
            b => Assert.Equal("app.UseMspHub();", b.Text),
            b =>
            {
                Assert.Equal(["guide", "set-up-the-host", "details"], b.Sections);
                Assert.Equal("var x = 1;", b.Text);
            });
    }

    [Fact]
    public void Tell_a_changed_snippet_from_an_unchanged_one()
    {
        var region = DocsSnippets.Extract(Source, "HostShould.cs")[0].Text;
        var changedPage = Page.Replace(".AddInMemoryTenantStore()", ".AddInMemoryTenantStore(acme)", StringComparison.Ordinal);
        var changedSource = Source.Replace(".AddInMemoryTenantStore()", ".AddEntityFrameworkStores<HubDb>()", StringComparison.Ordinal);

        Assert.Equal(region, DocsSnippets.CodeBlocks(Page)[0].Text);
        Assert.NotEqual(region, DocsSnippets.CodeBlocks(changedPage)[0].Text);
        Assert.NotEqual(DocsSnippets.Extract(changedSource, "HostShould.cs")[0].Text, DocsSnippets.CodeBlocks(Page)[0].Text);
    }

    [Fact]
    public void Keep_inner_blank_lines_and_relative_indentation()
    {
        Assert.Equal("a\n\n  b", DocsSnippets.Normalise(["", "    a   ", "", "      b", "  "]));
        Assert.NotEqual(DocsSnippets.Normalise(["a", "  b"]), DocsSnippets.Normalise(["a", "b"]));
    }

    [Fact]
    public void Give_repeated_headings_github_anchors()
    {
        Assert.Equal("sessions-branding-and-api-keys", DocsSnippets.Anchor("Sessions, branding and API keys"));
        Assert.Equal(["guide", "set-up-the-host-1"], DocsSnippets.CodeBlocks(Page + "\n```csharp\nz();\n```\n")[^1].Sections);
    }

    [Theory]
    [InlineData("// docs: a.md#b\nx();\n", "never closed")]
    [InlineData("// docs: a.md#b\n// docs: a.md#c\n// end docs\n// end docs\n", "opens inside another")]
    [InlineData("x();\n// end docs\n", "closes no docs region")]
    [InlineData("// docs: a.md\nx();\n// end docs\n", "does not name page.md#anchor")]
    public void Refuse_malformed_regions(string source, string message)
    {
        var error = Assert.Throws<FormatException>(() => DocsSnippets.Extract(source, "X.cs"));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }
}
