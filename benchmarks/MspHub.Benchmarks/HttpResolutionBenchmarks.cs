using System.Security.Claims;
using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using MspHub.AspNetCore;

namespace MspHub.Benchmarks;

/// <summary>
/// The HTTP strategies on a real <see cref="HttpContext"/> with a warm cache (BRIEF target: within 100 ns and
/// 0 bytes of the baseline). The baseline reads the header from the same request and looks the slug up in a
/// case-insensitive dictionary: the least any resolver can do.
/// </summary>
[MemoryDiagnoser]
public class HttpResolutionBenchmarks
{
    private const int TenantCount = 1_000;

    private readonly Dictionary<string, Tenant> _bySlug = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<ServiceProvider> _services = [];
    private ITenantResolver<HttpContext> _headerResolver = null!;
    private ITenantResolver<HttpContext> _hostResolver = null!;
    private ITenantResolver<HttpContext> _claimResolver = null!;
    private DefaultHttpContext _request = null!;

    [GlobalSetup]
    public void Setup()
    {
        var tenants = Enumerable.Range(0, TenantCount).Select(i => Tenant.Create($"tenant-{i:D4}", $"Tenant {i}")).ToArray();
        foreach (var tenant in tenants)
        {
            _bySlug.Add(tenant.Slug, tenant);
        }

        var target = tenants[TenantCount / 2];
        _headerResolver = Resolver(tenants, r => r.Header("X-Tenant"));
        _hostResolver = Resolver(tenants, r => r.Host("{tenant}.hub.example.com"));
        _claimResolver = Resolver(tenants, r => r.Claim());
        _request = new DefaultHttpContext();
        _request.Request.Headers["X-Tenant"] = target.Slug;
        _request.Request.Host = new HostString($"{target.Slug}.hub.example.com:443");
        _request.User = new ClaimsPrincipal(new ClaimsIdentity([new Claim("sub", Guid.NewGuid().ToString()), new Claim(MspHubClaimTypes.TenantId, target.Id.ToString())], "Bearer"));
        if (Header() != target || Host() != target || Claim() != target || Baseline() != target)
        {
            throw new InvalidOperationException("The benchmark set-up does not resolve its own tenant.");
        }
    }

    private ITenantResolver<HttpContext> Resolver(Tenant[] tenants, Action<TenantResolutionBuilder<HttpContext>> strategies)
    {
        var services = new ServiceCollection()
            .AddMspHub(hub => hub.AddInMemoryTenantStore(tenants).ResolveTenantFrom(strategies))
            .Services.BuildServiceProvider();
        _services.Add(services);
        return services.GetRequiredService<ITenantResolver<HttpContext>>();
    }

    [GlobalCleanup]
    public void Cleanup() => _services.ForEach(s => s.Dispose());

    [Benchmark(Baseline = true, Description = "Header read + dictionary look-up (baseline)")]
    public Tenant? Baseline() =>
        _request.Request.Headers.TryGetValue("X-Tenant", out var value) ? _bySlug.GetValueOrDefault(value[0]!) : null;

    [Benchmark(Description = "MspHub: header strategy")]
    public Tenant? Header() => Resolve(_headerResolver);

    [Benchmark(Description = "MspHub: host template strategy")]
    public Tenant? Host() => Resolve(_hostResolver);

    [Benchmark(Description = "MspHub: token claim strategy (tenant id)")]
    public Tenant? Claim() => Resolve(_claimResolver);

    private Tenant? Resolve(ITenantResolver<HttpContext> resolver)
    {
        var pending = resolver.ResolveAsync(_request);
        return pending.IsCompletedSuccessfully ? pending.Result.Tenant : pending.AsTask().GetAwaiter().GetResult().Tenant;
    }
}
