using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace MspHub.AspNetCore.Tests.TestSupport;

/// <summary>What every test web host starts from: the test server, header sign-in and a recording audit hook.</summary>
public static class TestWebHost
{
    public static WebApplicationBuilder CreateBuilder()
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.Services.AddAuthentication(HeaderAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, HeaderAuthenticationHandler>(HeaderAuthenticationHandler.SchemeName, null);
        builder.Services.AddSingleton<RecordingAuditHook>().AddSingleton<IAuditHook>(sp => sp.GetRequiredService<RecordingAuditHook>());
        return builder;
    }
}
