using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;

namespace MspHub.Benchmarks;

/// <summary>
/// Tenant resolution with a warm cache (BRIEF target: within 100 ns and 0 bytes of the baseline).
/// The baseline is the least any resolver can do: one case-insensitive dictionary look-up of the
/// identifier the request carries.
/// </summary>
[MemoryDiagnoser]
public class ResolutionBenchmarks
{
    private const int TenantCount = 1_000;

    private readonly Dictionary<string, Tenant> _bySlug = new(StringComparer.OrdinalIgnoreCase);
    private ServiceProvider _services = null!;
    private ITenantResolver<FakeRequest> _resolver = null!;
    private FakeRequest _bySlugRequest = null!;
    private FakeRequest _byIdRequest = null!;
    private FakeRequest _bySubdomainRequest = null!;

    [GlobalSetup]
    public void Setup()
    {
        var tenants = Enumerable.Range(0, TenantCount).Select(i => Tenant.Create($"tenant-{i:D4}", $"Tenant {i}")).ToArray();
        foreach (var tenant in tenants)
        {
            _bySlug.Add(tenant.Slug, tenant);
        }

        _services = new ServiceCollection()
            .AddMspHub(hub => hub
                .AddInMemoryTenantStore(tenants)
                .ResolveTenantFrom<FakeRequest>(r => r.Add(new HeaderStrategy()).Add(new SubdomainStrategy())))
            .Services.BuildServiceProvider();
        _resolver = _services.GetRequiredService<ITenantResolver<FakeRequest>>();

        var target = tenants[TenantCount / 2];
        _bySlugRequest = new FakeRequest(target.Slug.ToUpperInvariant(), "www.example.com");
        _byIdRequest = new FakeRequest(target.Id.ToString(), "www.example.com");
        _bySubdomainRequest = new FakeRequest(null, $"{target.Slug}.hub.example.com");
        foreach (var request in new[] { _bySlugRequest, _byIdRequest, _bySubdomainRequest })
        {
            if (Resolve(request) != target)
            {
                throw new InvalidOperationException("The benchmark set-up does not resolve its own tenant.");
            }
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _services.Dispose();

    [Benchmark(Baseline = true, Description = "Dictionary look-up (baseline)")]
    public Tenant? DictionaryLookup() => _bySlug.GetValueOrDefault(_bySlugRequest.Header!);

    [Benchmark(Description = "MspHub: slug from header")]
    public Tenant? ResolveSlug() => Resolve(_bySlugRequest);

    [Benchmark(Description = "MspHub: id from header")]
    public Tenant? ResolveId() => Resolve(_byIdRequest);

    [Benchmark(Description = "MspHub: slug from host name")]
    public Tenant? ResolveSubdomain() => Resolve(_bySubdomainRequest);

    private Tenant? Resolve(FakeRequest request)
    {
        var pending = _resolver.ResolveAsync(request);
        return pending.IsCompletedSuccessfully ? pending.Result.Tenant : pending.AsTask().GetAwaiter().GetResult().Tenant;
    }

    public sealed record FakeRequest(string? Header, string Host);

    private sealed class HeaderStrategy : ITenantResolutionStrategy<FakeRequest>
    {
        public string Name => "header";

        public ValueTask<TenantIdentifier> GetIdentifierAsync(FakeRequest request, CancellationToken cancellationToken) =>
            new(new TenantIdentifier(request.Header));
    }

    /// <summary>Takes the first label of the host name without allocating a substring.</summary>
    private sealed class SubdomainStrategy : ITenantResolutionStrategy<FakeRequest>
    {
        public string Name => "subdomain";

        public ValueTask<TenantIdentifier> GetIdentifierAsync(FakeRequest request, CancellationToken cancellationToken)
        {
            var dot = request.Host.IndexOf('.', StringComparison.Ordinal);
            return new(dot > 0 ? new TenantIdentifier(request.Host.AsMemory(0, dot)) : TenantIdentifier.None);
        }
    }
}
