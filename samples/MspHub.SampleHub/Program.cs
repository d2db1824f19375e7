using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Identity;
using MspHub;
using MspHub.AspNetCore;
using MspHub.EntityFramework;
using MspHub.Licensing;
using MspHub.SampleHub.Api;
using MspHub.SampleHub.Data;
using MspHub.SampleHub.Hosting;
using MspHub.SampleHub.OpenApi;
using MspHub.SampleHub.Operations;
using MspHub.SampleHub.Operations.Elevation;
using MspHub.SampleHub.Operations.Grants;
using MspHub.SampleHub.Operations.Team;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

var builder = WebApplication.CreateBuilder(args);
var settings = SampleHubSettings.From(builder.Configuration, builder.Environment.ContentRootPath);

builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(o =>
{
    o.MapInboundClaims = false;
    o.Events = SessionCookie.Events;
    o.ForwardDefaultSelector = ApiKeyRequests.ForwardScheme;
}).AddMspHubApiKeys();
builder.Services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
    .Configure<ISessionTokens>((o, tokens) => o.TokenValidationParameters = tokens.ValidationParameters);

// Details for the statuses routing answers without a body; AddProblemDetailsMapping() below gives them MspHub's types,
// and answers binding failures (malformed JSON, a wrong type, a bad query value) with a detail that names what was wrong.
builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = EmptyStatusProblems.Explain);

builder.Services.AddMspHub(hub => hub
    .Configure(o => builder.Configuration.GetSection(MspHubOptions.SectionName).Bind(o))
    .AddSampleDb(settings)
    .AddPermissions(HubPermissions.Declare)
    .AddDefaultRoles()
    .ResolveTenantFrom(r => r.Claim().Header("X-Tenant"))
    .AddLicensing(o =>
    {
        o.PublicKeyPem = settings.LicencePublicKeyPem;
        if (settings.LicenceFile is { } file)
        {
            // The demo's licence file: a renewal written over it takes over within RetryInterval, without a restart.
            o.LicencePath = file;
            o.RetryInterval = SampleHubSettings.LicenceRetryInterval;
        }
        else
        {
            o.Licence = settings.Licence;
        }
    })
    .AddJwtSessions(o =>
    {
        builder.Configuration.GetSection("MspHub:Jwt").Bind(o);
        o.SigningKeyPem = settings.SigningKeyPem;
    })
    .AddSampleVault(builder.Configuration, settings)
    .AddOperationGates() // vault reveals and technicians' just-in-time elevation wait for a second person (L2)
    .AddPermissionPolicies()
    .AddFeaturePolicies()
    .AddProblemDetailsMapping());
PageAuthorizationResultHandler.Register(builder.Services); // a page's 403 gets the error page, the API's MspHub's ProblemDetails

// MspHub's meter and activity source through OpenTelemetry; metrics are served in Prometheus format at /metrics.
builder.Services.AddOpenTelemetry()
    .WithMetrics(metrics => metrics
        .AddMeter(MspHubDiagnostics.Name)
        .AddPrometheusExporter())
    .WithTracing(tracing => tracing.AddSource(MspHubDiagnostics.Name));

builder.Services.AddHttpContextAccessor();
builder.Services.AddSingleton<IAuditActorSource, SignedInAuditActor>();
builder.Services.AddSingleton<IPasswordHasher<DemoAccount>, PasswordHasher<DemoAccount>>();
builder.Services.AddSingleton<AccountPasswords>();
builder.Services.AddScoped<CurrentSession>();
builder.Services.AddScoped<HubSignIn>();
builder.Services.AddScoped<AutomOperations>();
builder.Services.AddScoped<AgentOperations>();
builder.Services.AddScoped<DashboardOperations>();
builder.Services.AddScoped<AlertOperations>();
builder.Services.AddScoped<TechnicianOperations>();
builder.Services.AddScoped<TenantOperations>();
builder.Services.AddScoped<TenantMerges>();
builder.Services.AddScoped<LicenceOperations>();
builder.Services.AddScoped<FeatureSwitches>();
builder.Services.AddScoped<SummaryOperations>();
builder.Services.AddSingleton(settings);
builder.Services.AddScoped<LicenceInstallation>();
builder.Services.AddScoped<GrantMatrixOperations>();
builder.Services.AddScoped<ElevationOperations>();
builder.Services.AddScoped<TeamOperations>();
builder.Services.AddScoped<InvitationOperations>();
builder.Services.AddScoped<InvitationAcceptance>();
builder.Services.AddScoped<DemoAccountDescriptions>();
builder.Services.AddRazorPages(o =>
{
    o.Conventions.AuthorizeFolder("/");
    o.Conventions.AllowAnonymousToPage("/SignIn");
    o.Conventions.AllowAnonymousToPage("/Error");
});
builder.Services.AddOpenApi(o => o.DescribeSampleHub());

var app = builder.Build();
if (args.Contains(FleetMigrationCommand.Name))
{
    Environment.ExitCode = await FleetMigrationCommand.RunAsync(app.Services, Console.Out);
    return;
}

var empty = await DemoSeed.EnsureAsync(app.Services);

app.UseExceptionHandler();
// Error statuses without a body: ProblemDetails for the API (inner, so its answers have a body the outer leaves
// alone), the friendly error page in the site's layout for pages.
app.UseStatusCodePagesWithReExecute("/error/{0}");
app.UseWhen(context => !PageRequests.Is(context.Request), api => api.UseStatusCodePages());
app.UseStaticFiles();
app.UseAuthentication();
app.UseMiddleware<SessionRefreshMiddleware>();
app.UseMspHub();
app.UseAuthorization();

app.MapOpenApi().AllowAnonymous().SkipTenantResolution();
app.MapPrometheusScrapingEndpoint().AllowAnonymous().SkipTenantResolution(); // GET /metrics; a real host limits who may scrape
app.MapMspHub();
app.MapSampleApi();
app.MapRazorPages();

app.Lifetime.ApplicationStarted.Register(() => StartupBanner.Print(app, settings, empty));
await app.RunAsync();

/// <summary>The sample hub's entry point, public so tests can start it with WebApplicationFactory.</summary>
public partial class Program;
