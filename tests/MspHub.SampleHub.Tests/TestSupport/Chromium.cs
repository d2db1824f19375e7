using Microsoft.Playwright;

namespace MspHub.SampleHub.Tests.TestSupport;

/// <summary>
/// Debian's Chromium (<c>/usr/bin/chromium</c>), driven headless by Playwright, shared by a test class. Never a
/// downloaded browser: test.sh installs the Debian package when it is missing. Pages get a fresh context each,
/// so cookies never leak between tests. Screenshots go to <c>artifacts/screenshots</c>.
/// </summary>
public sealed class Chromium : IAsyncLifetime
{
    public const string ExecutablePath = "/usr/bin/chromium";

    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public static string ScreenshotFolder { get; } = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../../artifacts/screenshots"));

    public async Task InitializeAsync()
    {
        if (!File.Exists(ExecutablePath))
        {
            throw new InvalidOperationException(
                $"The browser tests need Debian's Chromium at {ExecutablePath}. Install it with 'sudo apt-get install chromium' (./test.sh does this when run as root).");
        }

        Directory.CreateDirectory(ScreenshotFolder);
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            // The machine's network is closed: without these, Chromium keeps trying to reach Google's services.
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
    }

    public async Task<IPage> NewPageAsync(SampleHubProcess hub, int width = 1280)
    {
        var context = await _browser!.NewContextAsync(new() { BaseURL = hub.Address.ToString(), ViewportSize = new() { Width = width, Height = 800 } });
        // Generous: the full test run shares two cores with the other test assemblies, and a first page can take seconds then.
        context.SetDefaultTimeout(60_000);
        return await context.NewPageAsync();
    }

    /// <summary>A fresh page, <paramref name="width"/> pixels wide, signed in as <paramref name="user"/> through the sign-in form.</summary>
    public async Task<IPage> SignedInPageAsync(SampleHubProcess hub, (string Name, string Password) user, int width = 1280)
    {
        var page = await NewPageAsync(hub, width);
        await SignInAsync(page, user.Name, user.Password);
        return page;
    }

    public static async Task SignInAsync(IPage page, string userName, string password)
    {
        await page.GotoAsync("/signin");
        await page.FillAsync("#user", userName);
        await page.FillAsync("#password", password);
        await page.ClickAsync("button:has-text('Sign in')");
        await page.WaitForSelectorAsync("[data-testid=who]");
    }

    public static async Task SwitchTenantAsync(IPage page, string slug)
    {
        await page.FillAsync("[data-testid=tenant-switch]", slug);
        await SubmitAsync(page, "[data-testid=switcher] button");
    }

    // Clicks a button that posts a form and waits for the page that answers. Waiting for a load state after the click
    // races with the new document (its load may come before the wait starts watching it); a mark the old document
    // holds and the new one does not cannot.
    public static Task SubmitAsync(IPage page, string button) => NavigateByAsync(page, () => page.ClickAsync(button));

    /// <summary>
    /// Loads a new document by <paramref name="action"/> (a click on a link or button, a key press that posts a form) and
    /// waits for it, as <see cref="SubmitAsync"/> does; waiting for the address instead misses a load that came first.
    /// </summary>
    public static async Task NavigateByAsync(IPage page, Func<Task> action)
    {
        await page.EvaluateAsync("() => { window.beforeNavigation = true; }");
        await action();
        await page.WaitForFunctionAsync("() => window.beforeNavigation === undefined && document.readyState === 'complete'", null, new() { PollingInterval = 50 });
    }

    /// <summary>The page's controls a person fills in or chooses that have no label for a screen reader to announce.</summary>
    public static Task<string[]> UnlabelledControlsAsync(IPage page) =>
        page.EvaluateAsync<string[]>("() => [...document.querySelectorAll('main input:not([type=hidden]), main select')].filter(c => c.labels.length === 0).map(c => c.outerHTML)");

    public static Task ScreenshotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new() { Path = Path.Combine(ScreenshotFolder, name + ".png"), FullPage = true });

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
    }
}
