using System.Text.Json;
using Microsoft.Playwright;

namespace MspHub.SampleHub.Tests.TestSupport;

/// <summary>
/// Checks a page with axe-core (pinned in this project's package-lock.json; test.sh installs it with npm ci) and for
/// horizontal scrolling on a narrow screen.
/// </summary>
public static class Accessibility
{
    /// <summary>The narrowest phone screen the hub is laid out for.</summary>
    public const int PhoneWidth = 390;

    private static readonly string AxeScript = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../node_modules/axe-core/axe.min.js"));

    /// <summary>The page's critical and serious axe-core violations, one line each: rule, help and the elements.</summary>
    public static async Task<IReadOnlyList<string>> SeriousViolationsAsync(IPage page)
    {
        if (!File.Exists(AxeScript))
        {
            throw new InvalidOperationException(
                $"axe-core is not installed at {AxeScript}. Run 'npm ci --prefix tests/MspHub.SampleHub.Tests' (./test.sh does).");
        }

        await page.AddScriptTagAsync(new() { Path = AxeScript });
        var violations = await page.EvaluateAsync<JsonElement>(
            """
            async () => (await axe.run(document, { resultTypes: ['violations'] })).violations
                .filter(v => v.impact === 'critical' || v.impact === 'serious')
                .map(v => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map(n => n.target.join(' ')).join(', ')}`)
            """);
        return [.. violations.EnumerateArray().Select(v => v.GetString()!)];
    }

    /// <summary>
    /// The elements wider than the viewport when the document itself scrolls sideways; empty when it does not.
    /// </summary>
    public static async Task<IReadOnlyList<string>> HorizontalOverflowAsync(IPage page)
    {
        var overflow = await page.EvaluateAsync<JsonElement>(
            """
            () => {
                const width = document.documentElement.clientWidth;
                if (document.documentElement.scrollWidth <= width) return [];
                return [...document.querySelectorAll('body *')]
                    .filter(e => e.getBoundingClientRect().right > width + 1)
                    .map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.className && typeof e.className === 'string' ? '.' + e.className.trim().split(/\s+/).join('.') : ''))
                    .slice(0, 10);
            }
            """);
        return [.. overflow.EnumerateArray().Select(e => e.GetString()!)];
    }
}
