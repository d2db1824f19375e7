using MspHub.AspNetCore.Tests.TestSupport;

namespace MspHub.AspNetCore.Tests.Problems;

/// <summary>
/// Fuzzes (<see cref="EndpointFuzzer"/>) every endpoint <c>MapMspHub()</c> and <c>MapTechnicianAccess()</c> map, on SQLite
/// and on PostgreSQL, which refuses values SQLite keeps (a NUL in text).
/// </summary>
public sealed class MapMspHubFuzzShould
{
    [Fact]
    public async Task Answer_every_malformed_request_with_problem_details_and_never_500() =>
        await FuzzAsync(await SessionTestHost.StartOnSqliteAsync());

    [PostgresFact]
    public async Task Answer_every_malformed_request_with_problem_details_and_never_500_on_PostgreSQL() =>
        await FuzzAsync(await SessionTestHost.StartOnPostgresAsync());

    private static async Task FuzzAsync(SessionTestHost host)
    {
        await using var disposing = host;
        var tokens = new (string Name, string? Token)[]
        {
            ("no token", null),
            ("a forged token", "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0."),
            ("alice in acme", await host.SignInAsync(SessionTestHost.Alice, SessionTestHost.Acme)),
            ("an MSP admin", await host.SignInAsync(SessionTestHost.Mia)),
        };
        var endpoints = EndpointFuzzer.MspHubEndpoints(host.Services);
        Assert.Equal(17, endpoints.Count);

        var sent = await EndpointFuzzer.FuzzAsync(host.Client, endpoints, tokens);

        Assert.True(sent > 1000, $"only {sent} requests");
    }
}
