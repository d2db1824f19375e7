using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace MspHub.SampleHub.Hosting;

/// <summary>Tells the newcomer where the hub listens and how to sign in, or why nobody can sign in yet.</summary>
public static class StartupBanner
{
    /// <param name="app">The started hub.</param>
    /// <param name="settings">Where its data is, whether the demo is on.</param>
    /// <param name="empty">The database holds nothing, as <see cref="DemoSeed.EnsureAsync"/> left it with the demo off.</param>
    public static void Print(WebApplication app, SampleHubSettings settings, bool empty)
    {
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        Console.WriteLine();
        Console.WriteLine($"MspHub sample hub: {string.Join(", ", addresses)}");
        Console.WriteLine($"Database: {settings.DatabaseDescription}");
        if (settings.SeedDemo)
        {
            Console.WriteLine("Demo accounts (user / password):");
            foreach (var (userName, password, role) in DemoSeed.Accounts)
            {
                Console.WriteLine($"  {userName,-6} / {password,-11} {role}");
            }
        }
        else if (empty)
        {
            Console.WriteLine("The database is empty and the demo is off (SampleHub:SeedDemo, on by default only in Development), so there is no account to sign in with.");
            Console.WriteLine("To try the hub, start it in Development (dotnet run does) or with --SampleHub:SeedDemo=true; its demo passwords are public.");
        }

        Console.WriteLine($"Sign in at {addresses.FirstOrDefault()}/signin");
        Console.WriteLine();
    }
}
