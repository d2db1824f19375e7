using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;

namespace MspHub.Benchmarks;

/// <summary>
/// A whole request through the in-process test server (BRIEF target: MspHub keeps at least 0.95× the
/// throughput). Both apps authenticate the caller and authorise the endpoint; the MspHub app also resolves
/// the tenant with UseMspHub (header strategy, entry check) and requires a permission instead of plain
/// authentication.
/// </summary>
[MemoryDiagnoser]
public class WholeRequestBenchmarks
{
    private WebApplication _plain = null!;
    private WebApplication _hub = null!;
    private HttpClient _plainClient = null!;
    private HttpClient _hubClient = null!;

    [GlobalSetup]
    public void Setup()
    {
        _plain = BenchmarkApp.Build(Builder(), BenchmarkAppKind.Plain);
        _hub = BenchmarkApp.Build(Builder(), BenchmarkAppKind.Policy);
        _plain.StartAsync().GetAwaiter().GetResult();
        _hub.StartAsync().GetAwaiter().GetResult();
        _plainClient = Client(_plain);
        _hubClient = Client(_hub);
        if (Plain() != BenchmarkApp.Body || MspHub() != BenchmarkApp.Body)
        {
            throw new InvalidOperationException("A benchmark app does not answer its request.");
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _plainClient.Dispose();
        _hubClient.Dispose();
        _plain.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _hub.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    [Benchmark(Baseline = true, Description = "Authenticated endpoint without MspHub (baseline)")]
    public string Plain() => _plainClient.GetStringAsync(new Uri("/automs", UriKind.Relative)).GetAwaiter().GetResult();

    [Benchmark(Description = "UseMspHub + RequirePermission")]
    public string MspHub() => _hubClient.GetStringAsync(new Uri("/automs", UriKind.Relative)).GetAwaiter().GetResult();

    private static WebApplicationBuilder Builder()
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseTestServer();
        return builder;
    }

    private static HttpClient Client(WebApplication app)
    {
        var client = app.GetTestClient();
        client.DefaultRequestHeaders.Add("X-User", BenchmarkApp.User.Id.ToString());
        client.DefaultRequestHeaders.Add("X-Tenant", BenchmarkApp.Tenant.Slug);
        return client;
    }
}
