using System.Security.Claims;
using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using MspHub.AspNetCore;

namespace MspHub.Benchmarks;

/// <summary>
/// One request through the real <c>UseMspHub</c> middleware with the entry check (BRIEF target: within 150 ns
/// and 0 bytes of the baseline; 170 ns for the host template). Each request is what the server does around it:
/// a DI scope from a provider with logging, a fresh <see cref="DefaultHttpContext"/> with a host, an
/// <c>X-Tenant</c> header, a route value and a signed-in member, and a pipeline built once by
/// <see cref="ApplicationBuilder"/> whose terminal delegate reads the resolved tenant. The baseline is the same
/// pipeline with a middleware that reads the header, looks the slug up in a dictionary and hands the tenant on
/// as a request feature: the least a tenant middleware can do.
/// </summary>
[MemoryDiagnoser]
public class MiddlewareBenchmarks
{
    private const int TenantCount = 1_000;

    private readonly Dictionary<string, Tenant> _bySlug = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<ServiceProvider> _services = [];
    private Tenant _target = null!;
    private HostString _hostName;
    private long _accessVersion;

    // A server's connection implements the request lifetime (Kestrel's does); a bare DefaultHttpContext would
    // allocate one the first time RequestAborted is read, which no real request pays.
    private readonly HttpRequestLifetimeFeature _lifetime = new();
    private ClaimsPrincipal _member = null!;
    private Pipeline _baseline;
    private Pipeline _header;
    private Pipeline _claim;
    private Pipeline _route;
    private Pipeline _host;

    [GlobalSetup]
    public void Setup()
    {
        var tenants = Enumerable.Range(0, TenantCount).Select(i => Tenant.Create($"tenant-{i:D4}", $"Tenant {i}")).ToArray();
        foreach (var tenant in tenants)
        {
            _bySlug.Add(tenant.Slug, tenant);
        }

        _target = tenants[TenantCount / 2];
        _hostName = new HostString($"{_target.Slug}.hub.example.com:443");
        var user = HubUser.Create("alice");

        _baseline = Build(tenants, user, resolve: null, app => app.Use(next => context =>
        {
            if (context.Request.Headers.TryGetValue("X-Tenant", out var slug) && _bySlug.GetValueOrDefault(slug[0]!) is { } tenant)
            {
                context.Features.Set(tenant);
            }

            return next(context);
        }), context => context.Features.Get<Tenant>());
        _header = BuildMspHub(tenants, user, r => r.Header("X-Tenant"));
        _claim = BuildMspHub(tenants, user, r => r.Claim());
        _route = BuildMspHub(tenants, user, r => r.Route());
        _host = BuildMspHub(tenants, user, r => r.Host("{tenant}.hub.example.com"));

        // The claims a session token for the tenant carries once the bearer handler has validated it.
        _member = new ClaimsPrincipal(new ClaimsIdentity(
            [
                new Claim("sub", user.Id.ToString()),
                new Claim("name", user.UserName),
                new Claim("jti", Guid.CreateVersion7().ToString()),
                new Claim(MspHubClaimTypes.AccessVersion, _accessVersion.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                new Claim(MspHubClaimTypes.TenantId, _target.Id.ToString()),
                new Claim(MspHubClaimTypes.TenantSlug, _target.Slug),
                new Claim(MspHubClaimTypes.Role, "Agent"),
            ],
            "Bearer"));

        int[] answers = [Baseline(), Header(), Claim(), Route(), Host()];
        if (answers.Any(status => status != StatusCodes.Status200OK))
        {
            throw new InvalidOperationException($"A benchmark pipeline does not resolve its own tenant: {string.Join(", ", answers)}.");
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _services.ForEach(s => s.Dispose());

    [Benchmark(Baseline = true, Description = "Scope + context + header + dictionary look-up (baseline)")]
    public int Baseline() => Send(_baseline);

    [Benchmark(Description = "UseMspHub + entry check: header strategy")]
    public int Header() => Send(_header);

    [Benchmark(Description = "UseMspHub + entry check: token claim strategy")]
    public int Claim() => Send(_claim);

    [Benchmark(Description = "UseMspHub + entry check: route strategy")]
    public int Route() => Send(_route);

    [Benchmark(Description = "UseMspHub + entry check: host template strategy")]
    public int Host() => Send(_host);

    private Pipeline BuildMspHub(Tenant[] tenants, HubUser user, Action<TenantResolutionBuilder<HttpContext>> strategies) =>
        Build(tenants, user, strategies, app => app.UseMspHub(), context => context.GetTenant());

    private Pipeline Build(
        Tenant[] tenants,
        HubUser user,
        Action<TenantResolutionBuilder<HttpContext>>? resolve,
        Action<IApplicationBuilder> middleware,
        Func<HttpContext, Tenant?> readTenant)
    {
        var services = new ServiceCollection().AddLogging();
        services.AddMspHub(hub =>
        {
            hub.AddInMemoryTenantStore(tenants)
                .AddInMemoryAccessStore()
                .AddPermissions(p => p.Resource("automs").Actions(PermissionActions.All));
            if (resolve is not null)
            {
                // The HTTP overload, which also registers the entry check (the generic one on the builder would not).
                MspHubBuilderAspNetCoreExtensions.ResolveTenantFrom(hub, resolve);
            }
        });
        var provider = services.BuildServiceProvider();
        _services.Add(provider);

        var store = provider.GetRequiredService<InMemoryAccessStore>();
        store.AddUserAsync(user).GetAwaiter().GetResult();
        store.SaveRoleAsync(new TenantRole { TenantId = _target.Id, Name = "Agent", Permissions = ["automs.view"] }).GetAwaiter().GetResult();
        store.SaveMembershipAsync(new Membership { UserId = user.Id, TenantId = _target.Id, Roles = ["Agent"] }).GetAwaiter().GetResult();
        _accessVersion = store.FindUserAsync(user.Id).AsTask().GetAwaiter().GetResult()!.AccessVersion; // the same in every provider

        var app = new ApplicationBuilder(provider);
        middleware(app);
        var target = _target;
        app.Run(context =>
        {
            context.Response.StatusCode = readTenant(context) == target ? StatusCodes.Status200OK : StatusCodes.Status418ImATeapot;
            return Task.CompletedTask;
        });
        return new Pipeline(provider.GetRequiredService<IServiceScopeFactory>(), app.Build());
    }

    // What the server does per request: a scope, a context over it, the request's own data, the pipeline.
    private int Send(Pipeline pipeline)
    {
        using var scope = pipeline.Scopes.CreateScope();
        var context = new DefaultHttpContext { RequestServices = scope.ServiceProvider, User = _member };
        context.Features.Set<IHttpRequestLifetimeFeature>(_lifetime);
        context.Request.Host = _hostName;
        context.Request.Headers["X-Tenant"] = _target.Slug;
        context.Request.RouteValues["tenant"] = _target.Slug;
        var pending = pipeline.Run(context);
        if (!pending.IsCompletedSuccessfully)
        {
            pending.GetAwaiter().GetResult();
        }

        return context.Response.StatusCode;
    }

    private readonly record struct Pipeline(IServiceScopeFactory Scopes, RequestDelegate Run);
}
