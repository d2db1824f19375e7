using MspHub.AspNetCore.Tests.Problems;

namespace MspHub.AspNetCore.Tests.Vault;

/// <summary>
/// Fuzzes (<see cref="EndpointFuzzer"/>) the vault's endpoints, its governance and the approvals inbox
/// (<c>MapVault()</c>, <c>MapApprovals()</c>) with the tenant's keeper, an MSP admin, a technician and no one.
/// </summary>
public sealed class VaultFuzzShould : IAsyncLifetime
{
    private VaultHost _host = null!;

    public async Task InitializeAsync() => _host = await VaultHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Answer_every_malformed_request_with_problem_details_and_never_500()
    {
        await _host.CreateSecretAsync(await _host.SignInAsync(VaultHost.Ada, _host.Acme), "router");
        var tokens = new (string Name, string? Token)[]
        {
            ("no token", null),
            ("a forged token", "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0."),
            ("ada in acme", await _host.SignInAsync(VaultHost.Ada, _host.Acme)),
            ("an MSP admin", await _host.SignInAsync(VaultHost.Mia, null)),
            ("a technician", await _host.SignInAsync(VaultHost.Tom, null)),
        };
        var endpoints = EndpointFuzzer.MspHubEndpoints(_host.Services).Where(e => e.Template.Contains("/vault", StringComparison.Ordinal) || e.Template.Contains("/approvals", StringComparison.Ordinal)).ToList();
        Assert.Contains(endpoints, e => e.Template.Contains("/vault/governance/rewrap", StringComparison.Ordinal));
        Assert.Contains(endpoints, e => e.Template.Contains("/reveal", StringComparison.Ordinal));

        // Rewrapping takes no input: an MSP admin's call is a valid one whatever body it carries.
        var sent = await EndpointFuzzer.FuzzAsync(_host.Client, endpoints, tokens, bodiless: new HashSet<string> { "/hub/vault/governance/rewrap" });

        Assert.True(sent > 1000, $"only {sent} requests");
    }
}
