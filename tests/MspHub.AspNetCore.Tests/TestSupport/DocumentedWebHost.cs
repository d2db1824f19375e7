using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace MspHub.AspNetCore.Tests.TestSupport;

/// <summary>
/// Where a docs page's web host starts from: the test server, the session settings the page reads from
/// <c>MspHub:Jwt</c>, and the page's <c>HubDb</c> on a SQLite file of the test's own.
/// </summary>
public static class DocumentedWebHost
{
    public static WebApplicationBuilder CreateBuilder<THubDb>(string databaseFile)
        where THubDb : DbContext
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["MspHub:Jwt:Issuer"] = SessionTestHost.Issuer,
            ["MspHub:Jwt:Audience"] = SessionTestHost.Audience,
            ["MspHub:Jwt:SigningKeyPem"] = SessionTestHost.SigningKeyPem,
        });
        builder.Services.AddDbContext<THubDb>(o => o.UseSqlite($"Data Source={databaseFile};Pooling=false"));
        return builder;
    }
}
