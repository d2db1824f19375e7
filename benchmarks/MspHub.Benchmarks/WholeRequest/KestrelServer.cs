using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;

namespace MspHub.Benchmarks;

/// <summary>
/// Serves one whole-request app over Kestrel on loopback until stopped, for an out-of-process load generator
/// (benchmarks/whole-request/run.sh runs <c>wrk</c> against it): <c>MspHub.Benchmarks kestrel plain|hub|policy PORT</c>.
/// No logging providers, so the apps differ only in what they measure.
/// </summary>
internal static class KestrelServer
{
    public const string Command = "kestrel";

    public static async Task RunAsync(string kind, string port)
    {
        var app = Enum.Parse<BenchmarkAppKind>(kind, ignoreCase: true);
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k => k.Listen(IPAddress.Loopback, int.Parse(port, System.Globalization.CultureInfo.InvariantCulture)));
        await using var server = BenchmarkApp.Build(builder, app);
        await server.RunAsync().ConfigureAwait(false);
    }
}
