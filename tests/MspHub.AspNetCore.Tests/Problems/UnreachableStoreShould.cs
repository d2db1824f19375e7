using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MspHub.AspNetCore;
using MspHub.AspNetCore.Tests.Owasp;
using MspHub.AspNetCore.Tests.TestSupport;
using MspHub.EntityFramework;

namespace MspHub.AspNetCore.Tests.Problems;

/// <summary>
/// A database that cannot be reached at all (a SQLite file that cannot be opened, a PostgreSQL port nobody listens on)
/// is answered like one whose connection failed during an operation: 503 <c>store-unavailable</c>, never a 500, and
/// without the provider's text.
/// </summary>
public sealed class UnreachableStoreShould
{
    public static TheoryData<string> Providers() => ["sqlite", "postgres"];

    private static async Task<WebApplication> StartAsync(string provider)
    {
        var builder = TestWebHost.CreateBuilder();
        builder.Services.AddDbContext<MatrixDb>(o =>
        {
            if (provider == "sqlite")
            {
                // A file in a folder that does not exist: SQLite cannot open it (SQLITE_CANTOPEN).
                o.UseSqlite($"Data Source={Path.Combine(Path.GetTempPath(), $"msphub-missing-{Guid.NewGuid():N}", "hub.db")};Mode=ReadWrite;Pooling=false");
            }
            else
            {
                // Port 1 on the loopback address: nothing listens there, so the connection is refused.
                o.UseNpgsql("Host=127.0.0.1;Port=1;Username=postgres;Database=postgres;Timeout=5;Pooling=false");
            }
        });
        builder.Services.AddMspHub(hub => hub
            .AddEntityFrameworkStores<MatrixDb>()
            .ResolveTenantFrom(r => r.Header("X-Tenant"))
            .AddProblemDetailsMapping());
        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseAuthentication();
        app.UseMspHub();
        app.MapGet("/whoami", (HttpContext http) => http.GetTenant()?.Slug ?? "none");
        app.MapGet("/tenant-lookup", async (string slug, ITenantStore tenants) => Results.Ok((await tenants.FindBySlugAsync(slug))?.Name));
        app.MapGet("/serialization", IResult () =>
            throw new DbUpdateException("An error occurred while saving the entity changes.", new Npgsql.PostgresException("could not serialize access", "ERROR", "ERROR", "40001")));
        app.MapGet("/busy", IResult () => throw new Microsoft.Data.Sqlite.SqliteException("SQLite Error 5: 'database is locked'.", 5));
        app.MapGet("/missing-table", IResult () => throw new Microsoft.Data.Sqlite.SqliteException("SQLite Error 1: 'no such table: automs'.", 1));
        app.MapGet("/timeout", IResult () => throw new Npgsql.NpgsqlException("Exception while reading from stream", new TimeoutException("Timeout during reading attempt")));
        app.MapGet("/protocol-violation", IResult () => throw new Npgsql.PostgresException("invalid frontend message type", "FATAL", "FATAL", "08P01"));
        app.MapGet("/shutting-down", IResult () => throw new Npgsql.PostgresException("terminating connection due to administrator command", "FATAL", "FATAL", "57P01"));
        await app.StartAsync();
        return app;
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Answer_a_request_with_503_store_unavailable_when_the_database_cannot_be_reached(string provider)
    {
        await using var app = await StartAsync(provider);
        using var client = app.GetTestClient();

        using var named = new HttpRequestMessage(HttpMethod.Get, "/whoami") { Headers = { { "X-Tenant", "acme" } } };
        var resolving = await client.SendAsync(named);
        var reading = await client.GetAsync("/tenant-lookup?slug=acme");

        foreach (var response in new[] { resolving, reading })
        {
            var problem = await ProblemAssert.IsAsync(response, MspHubProblemTypes.StoreUnavailable);
            Assert.Contains("could not be reached", problem.Detail, StringComparison.Ordinal);
            Assert.Contains("may or may not have been saved", problem.Detail, StringComparison.Ordinal);
            var body = await response.Content.ReadAsStringAsync();
            Assert.DoesNotContain("127.0.0.1", body, StringComparison.Ordinal);
            Assert.DoesNotContain("hub.db", body, StringComparison.Ordinal);
        }
    }

    // A server going down answers the sessions it had open with 57P01: unreachable from then on.
    [Fact]
    public async Task Answer_503_when_the_server_shuts_the_connection_down()
    {
        await using var app = await StartAsync("sqlite");
        using var client = app.GetTestClient();

        await ProblemAssert.IsAsync(await client.GetAsync("/shutting-down"), MspHubProblemTypes.StoreUnavailable);
    }

    [Theory]
    [InlineData("/serialization")]
    [InlineData("/busy")]
    [InlineData("/missing-table")]
    [InlineData("/timeout")]
    [InlineData("/protocol-violation")]
    public async Task Keep_errors_a_reachable_database_reports_as_500(string path)
    {
        await using var app = await StartAsync("sqlite");
        using var client = app.GetTestClient();

        await ProblemAssert.IsAsync(await client.GetAsync(path), MspHubProblemTypes.InternalError);
    }
}
