using MspHub.AspNetCore.Tests.TestSupport;

namespace MspHub.AspNetCore.Tests.Problems;

/// <summary>
/// Fuzzes (<see cref="EndpointFuzzer"/>) every endpoint <c>MapMspHub()</c> and <c>MapTechnicianAccess()</c> map, on SQLite.
/// </summary>
public sealed class MapMspHubFuzzShould : IAsyncLifetime
{
    private SessionTestHost _host = null!;

    public async Task InitializeAsync() => _host = await SessionTestHost.StartOnSqliteAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Answer_every_malformed_request_with_problem_details_and_never_500()
    {
        var tokens = new (string Name, string? Token)[]
        {
            ("no token", null),
            ("a forged token", "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0."),
            ("alice in acme", await _host.SignInAsync(SessionTestHost.Alice, SessionTestHost.Acme)),
            ("an MSP admin", await _host.SignInAsync(SessionTestHost.Mia)),
        };
        var endpoints = EndpointFuzzer.MspHubEndpoints(_host.Services);
        Assert.Equal(17, endpoints.Count);

        var sent = await EndpointFuzzer.FuzzAsync(_host.Client, endpoints, tokens);

        Assert.True(sent > 1000, $"only {sent} requests");
    }
}
