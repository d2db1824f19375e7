// docs: getting-started.md#register-msphub-and-resolve-a-tenant-from-a-message
// Program.cs
using System.Threading.Channels;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using MspHub;

// end docs
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MspHub.AspNetCore.Tests.Docs.GettingStarted;

/// <summary>The worker, options and web host of docs/getting-started.md, built exactly as the page shows them (the marked regions).</summary>
[Collection(ConsoleOutput.Name)]
public sealed class GettingStartedShould
{
    [Fact]
    public async Task Handle_messages_of_known_tenants_and_drop_the_others_with_the_reason()
    {
        string[] args = [];
        var log = new WorkerLog(typeof(InvoiceWorker).FullName!, expected: 4);

        // docs: getting-started.md#register-msphub-and-resolve-a-tenant-from-a-message
        var builder = Host.CreateApplicationBuilder(args);

        builder.Services.AddSingleton(Channel.CreateUnbounded<InvoiceMessage>());
        builder.Services.AddMspHub(hub => hub
            .AddInMemoryTenantStore(
                Tenant.Create("contoso", "Contoso Ltd"),
                Tenant.Create("fabrikam", "Fabrikam Inc"))
            .ResolveTenantFrom<InvoiceMessage>(r => r
                .Add("message", m => m.TenantSlug)));
        builder.Services.AddHostedService<InvoiceWorker>();

        // end docs
        builder.Logging.AddProvider(log);
        // docs: getting-started.md#register-msphub-and-resolve-a-tenant-from-a-message
        var host = builder.Build();

        var queue = host.Services.GetRequiredService<Channel<InvoiceMessage>>();
        queue.Writer.TryWrite(new InvoiceMessage("contoso", Guid.NewGuid()));
        queue.Writer.TryWrite(new InvoiceMessage("FABRIKAM", Guid.NewGuid())); // slugs match ignoring case
        queue.Writer.TryWrite(new InvoiceMessage("nobody", Guid.NewGuid()));   // NotFound
        queue.Writer.TryWrite(new InvoiceMessage(null, Guid.NewGuid()));       // NoIdentifier

        // end docs
        _ = log.Complete.ContinueWith(_ => host.Services.GetRequiredService<IHostApplicationLifetime>().StopApplication(), TaskScheduler.Default);
        // docs: getting-started.md#register-msphub-and-resolve-a-tenant-from-a-message
        await host.RunAsync();

        // end docs

        Assert.Collection(
            log.Entries,
            e => Assert.Matches(@"^Invoice .+ handled in tenant contoso \(", e),
            e => Assert.Matches(@"^Invoice .+ handled in tenant fabrikam \(", e),
            e => Assert.EndsWith(": NotFound (strategy message, identifier 'nobody').", e, StringComparison.Ordinal),
            e => Assert.Contains(": NoIdentifier (strategy ", e, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Run_each_message_in_its_tenant_through_the_work_runner_and_say_why_others_did_not_run()
    {
        var log = new WorkerLog(typeof(InvoiceJobWorker).FullName!, expected: 5);
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddSingleton(Channel.CreateUnbounded<InvoiceMessage>());
        builder.Services.AddMspHub(hub => hub
            .AddInMemoryTenantStore(
                Tenant.Create("contoso", "Contoso Ltd"),
                Tenant.Create("fabrikam", "Fabrikam Inc") with { Status = TenantStatus.Suspended })
            .ResolveTenantFrom<InvoiceMessage>(r => r.Add("message", m => m.TenantSlug)));
        builder.Services.AddHostedService<InvoiceJobWorker>();
        builder.Logging.AddProvider(log);
        var host = builder.Build();
        var queue = host.Services.GetRequiredService<Channel<InvoiceMessage>>();
        foreach (var slug in new[] { "contoso", "CONTOSO", "fabrikam", "nobody", null })
        {
            queue.Writer.TryWrite(new InvoiceMessage(slug, Guid.NewGuid()));
        }

        _ = log.Complete.ContinueWith(_ => host.Services.GetRequiredService<IHostApplicationLifetime>().StopApplication(), TaskScheduler.Default);
        await host.RunAsync();

        Assert.Collection(
            log.Entries,
            e => Assert.Matches(@"^Invoice .+ handled in tenant contoso \(", e),
            e => Assert.Matches(@"^Invoice .+ handled in tenant contoso \(", e),
            e => Assert.EndsWith(" not handled: Suspended.", e, StringComparison.Ordinal),
            e => Assert.EndsWith(" not handled: NotFound.", e, StringComparison.Ordinal),
            e => Assert.EndsWith(" not handled: NoTenant.", e, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Set_the_cache_options_in_code_and_from_configuration()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["MspHub:TenantCache:NegativeDuration"] = "00:00:02" });

        // docs: getting-started.md#options in code
        builder.Services.AddMspHub(hub => hub
            .Configure(o =>
            {
                o.TenantCache.Duration = TimeSpan.FromMinutes(1);
                o.TenantCache.NegativeDuration = TimeSpan.FromSeconds(5);
                o.TenantCache.MaxEntries = 50_000;
            })
            .AddInMemoryTenantStore(Tenant.Create("contoso", "Contoso Ltd")));
        // end docs
        // docs: getting-started.md#options from configuration
        builder.Services.Configure<MspHubOptions>(builder.Configuration.GetSection("MspHub"));
        // end docs

        using var host = builder.Build();
        await host.StartAsync();
        var cache = host.Services.GetRequiredService<IOptions<MspHubOptions>>().Value.TenantCache;
        await host.StopAsync();

        Assert.Equal((TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(2), 50_000), (cache.Duration, cache.NegativeDuration, cache.MaxEntries));
    }

    [Fact]
    public async Task Resolve_the_tenant_of_a_web_request_from_a_header()
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();

        // docs: getting-started.md#http
        builder.Services.AddMspHub(hub => hub
            .AddInMemoryTenantStore(Tenant.Create("contoso", "Contoso Ltd"))
            .ResolveTenantFrom<HttpContext>(r => r
                .Add("header", c => c.Request.Headers["X-Tenant"].ToString())));

        var app = builder.Build();

        app.Use(async (context, next) =>
        {
            var resolution = await context.RequestServices
                .GetRequiredService<ITenantResolver<HttpContext>>()
                .ResolveAsync(context, context.RequestAborted);
            if (resolution.Outcome == TenantResolutionOutcome.NoIdentifier)
            {
                await next(context); // no tenant: the request runs with TenantContext.None
                return;
            }

            if (resolution.Tenant is not { Status: TenantStatus.Active } tenant)
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }

            using (context.RequestServices.GetRequiredService<ITenancy>().BeginScope(tenant))
            {
                await next(context);
            }
        });

        app.MapGet("/", (ITenancy tenancy) => $"Hello from {tenancy.Current}");
        // end docs

        await using (app)
        {
            await app.StartAsync();
            using var client = app.GetTestClient();
            var contoso = await GetAsync(client, "contoso");
            var unknown = await GetAsync(client, "nobody");
            var none = await GetAsync(client, tenant: null);

            Assert.StartsWith("Hello from tenant contoso (", await contoso.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
            Assert.Equal("Hello from no tenant", await none.Content.ReadAsStringAsync());
        }
    }

    [Fact]
    public async Task Record_a_cross_tenant_scope_and_tell_the_hook()
    {
        var cancellationToken = CancellationToken.None;
        var contoso = Tenant.Create("contoso", "Contoso Ltd");
        var log = new WorkerLog(typeof(LoggingAuditHook).FullName!, expected: 1);
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.AddProvider(log);
        // docs: getting-started.md#work-across-tenants registration
        builder.Services.AddSingleton<IAuditHook, LoggingAuditHook>();
        // end docs
        builder.Services.AddMspHub(hub => hub.AddInMemoryTenantStore(contoso));
        using var host = builder.Build();
        var tenancy = host.Services.GetRequiredService<ITenancy>();
        TenantContext? during = null;

        async Task RollUpAsync(CancellationToken cancellationToken)
        {
            await Task.Yield();
            during = tenancy.Current;
        }

        using (tenancy.BeginScope(contoso))
        {
            // docs: getting-started.md#work-across-tenants scope
            using (tenancy.BeginCrossTenantScope("billing.monthly-rollup"))
            {
                // tenancy.Current.IsCrossTenant is true;
                // tenancy.Current.CrossTenantScopeName is "billing.monthly-rollup".
                await RollUpAsync(cancellationToken);
            }
            // end docs
        }

        Assert.NotNull(during);
        Assert.Equal((true, "billing.monthly-rollup"), (during.IsCrossTenant, during.CrossTenantScopeName));
        await using (var scope = host.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<IAuditLog>().FlushAsync(cancellationToken);
        }

        var entry = Assert.Single(log.Entries);
        Assert.StartsWith($"Audit: msphub.tenancy.cross-tenant-scope-opened on cross-tenant-scope 'billing.monthly-rollup' (tenant {contoso.Id}) at ", entry, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Open_an_ordinary_scope_for_each_active_tenant_page_by_page()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddMspHub(hub => hub.AddInMemoryTenantStore(
            [.. Enumerable.Range(1, TenantQuery.MaxPageSize + 1).Select(i => Tenant.Create($"client-{i}", $"Client {i}")),
             Tenant.Create("unpaid", "Unpaid") with { Status = TenantStatus.Suspended }]));
        using var host = builder.Build();
        var tenancy = new RecordingTenancy(host.Services.GetRequiredService<ITenancy>());

        await new MonthlyReports(tenancy, host.Services.GetRequiredService<IServiceScopeFactory>()).RunAsync(CancellationToken.None);

        Assert.Equal(TenantQuery.MaxPageSize + 1, tenancy.ScopesOpened.Distinct().Count());
        Assert.DoesNotContain("unpaid", tenancy.ScopesOpened);
        Assert.Equal(TenantContextKind.None, tenancy.Current.Kind);
    }

    [Fact]
    public async Task Nest_scopes_and_restore_the_outer_context()
    {
        var contoso = Tenant.Create("contoso", "Contoso Ltd");
        var fabrikam = Tenant.Create("fabrikam", "Fabrikam Inc");
        var services = new ServiceCollection();
        services.AddMspHub(hub => hub.AddInMemoryTenantStore());
        using var provider = services.BuildServiceProvider();
        var output = new StringWriter();
        var console = Console.Out;
        Console.SetOut(output);
        try
        {
            // docs: getting-started.md#nested-scopes-and-the-no-tenant-scope
            static async Task ShowScopesAsync(ITenancy tenancy, Tenant contoso, Tenant fabrikam)
            {
                using (tenancy.BeginScope(contoso))
                {
                    using (tenancy.BeginScope(fabrikam))
                    {
                        await Task.Yield();
                        Console.WriteLine(tenancy.Current);           // tenant fabrikam (…)
                    }

                    Console.WriteLine(tenancy.Current);               // tenant contoso (…)

                    using (tenancy.BeginNoTenantScope())
                    {
                        Console.WriteLine(tenancy.Current.HasTenant); // False, although we are inside contoso
                    }
                }

                Console.WriteLine(tenancy.Current.Kind);              // None
            }
            // end docs

            await ShowScopesAsync(provider.GetRequiredService<ITenancy>(), contoso, fabrikam);
        }
        finally
        {
            Console.SetOut(console);
        }

        Assert.Equal(
            [$"tenant fabrikam ({fabrikam.Id})", $"tenant contoso ({contoso.Id})", "False", "None"],
            output.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
    }

    private static Task<HttpResponseMessage> GetAsync(HttpClient client, string? tenant)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/");
        if (tenant is not null)
        {
            request.Headers.Add("X-Tenant", tenant);
        }

        return client.SendAsync(request);
    }
}

// docs: getting-started.md#register-msphub-and-resolve-a-tenant-from-a-message
public sealed record InvoiceMessage(string? TenantSlug, Guid InvoiceId);
// end docs

/// <summary>Tests that read <see cref="Console.Out"/> run alone, so no other test's output mixes in.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ConsoleOutput
{
    public const string Name = "Console output";
}
