using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace MspHub.SampleHub.Hosting;

/// <summary>Tells the newcomer where the hub listens and how to sign in.</summary>
public static class StartupBanner
{
    public static void Print(WebApplication app, SampleHubSettings settings)
    {
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        Console.WriteLine();
        Console.WriteLine($"MspHub sample hub: {string.Join(", ", addresses)}");
        Console.WriteLine($"Database: {settings.DatabaseDescription}");
        Console.WriteLine("Demo accounts (user / password):");
        foreach (var (userName, password, role) in DemoSeed.Accounts)
        {
            Console.WriteLine($"  {userName,-6} / {password,-11} {role}");
        }

        Console.WriteLine($"Sign in at {addresses.FirstOrDefault()}/signin");
        Console.WriteLine();
    }
}
