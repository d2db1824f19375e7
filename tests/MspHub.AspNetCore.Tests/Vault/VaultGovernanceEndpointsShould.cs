using System.Net;
using System.Text.Json;
using MspHub.AspNetCore.Tests.Problems;

namespace MspHub.AspNetCore.Tests.Vault;

/// <summary>
/// The MSP's governance endpoints of the vault over HTTP (<see cref="VaultHost"/>): Mia, an MSP admin, reviews every
/// tenant's secrets, reveals in Acme through Acme's reveal gate (Amy approves) and rewraps data keys after the
/// key-encryption key changed; Acme's own vault keeper, a technician, an API key and an anonymous caller are refused.
/// </summary>
public sealed class VaultGovernanceEndpointsShould : IAsyncLifetime
{
    private const string Value = VaultHost.Value;
    private VaultHost _host = null!;

    public async Task InitializeAsync() => _host = await VaultHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Review_every_tenants_secrets_for_an_msp_admin_with_no_value()
    {
        var ada = await _host.SignInAsync(VaultHost.Ada, _host.Acme);
        await _host.CreateSecretAsync(ada, "backup-admin");
        await _host.CreateSecretAsync(ada, "wifi");
        await _host.CreateSecretAsync(await _host.SignInAsync(VaultHost.Gina, _host.Globex), "router");

        var response = await _host.SendAsync(HttpMethod.Get, "/hub/vault/governance", await _host.SignInAsync(VaultHost.Mia, tenant: null));

        var review = await VaultHost.ReadAsync(response);
        Assert.DoesNotContain(Value, review.GetRawText(), StringComparison.Ordinal);
        Assert.Equal(
            ["acme/backup-admin", "acme/wifi", "globex/router"],
            review.GetProperty("secrets").EnumerateArray().Select(s => $"{s.GetProperty("tenantSlug").GetString()}/{s.GetProperty("secret").GetProperty("name").GetString()}"));
        var counts = review.GetProperty("countsByTenant");
        Assert.Equal((2, 1), (counts.GetProperty("acme").GetInt32(), counts.GetProperty("globex").GetInt32()));
    }

    [Fact]
    public async Task Refuse_every_governance_endpoint_to_a_tenant_admin_a_technician_an_api_key_and_an_anonymous_caller()
    {
        var ada = await _host.SignInAsync(VaultHost.Ada, _host.Acme);
        var id = await _host.CreateSecretAsync(ada, "backup-admin");
        var callers = new (string? Token, string? Key, MspHubProblemType Refusal)[]
        {
            (ada, null, MspHubProblemTypes.PermissionRequired),
            (await _host.SignInAsync(VaultHost.Tom, tenant: null), null, MspHubProblemTypes.PermissionRequired),
            (null, await _host.CreateKeyAsync(VaultPermissions.View, VaultPermissions.Reveal, VaultPermissions.Manage), MspHubProblemTypes.PermissionRequired),
            (null, null, MspHubProblemTypes.AuthenticationRequired),
        };
        var endpoints = new[]
        {
            (HttpMethod.Get, "/hub/vault/governance"),
            (HttpMethod.Post, $"/hub/vault/governance/tenants/{_host.Acme.Id}/secrets/{id}/reveal"),
            (HttpMethod.Post, "/hub/vault/governance/rewrap"),
        };

        foreach (var (token, key, refusal) in callers)
        {
            foreach (var (method, path) in endpoints)
            {
                var response = await _host.SendAsync(method, path, token, key);
                Assert.DoesNotContain(Value, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
                await ProblemAssert.IsAsync(response, refusal);
            }
        }
    }

    [Fact]
    public async Task Reveal_in_any_tenant_for_an_msp_admin_through_the_tenants_gate_audited_in_its_chain()
    {
        var id = await _host.CreateSecretAsync(await _host.SignInAsync(VaultHost.Ada, _host.Acme), "backup-admin");
        var mia = await _host.SignInAsync(VaultHost.Mia, tenant: null);

        var revealed = await RevealWithApprovalAsync(mia, $"/hub/vault/governance/tenants/{_host.Acme.Id}/secrets/{id}/reveal");

        Assert.Equal((id, 1, Value), (revealed.GetProperty("id").GetGuid(), revealed.GetProperty("version").GetInt32(), revealed.GetProperty("value").GetString()));
        var audit = await VaultHost.ReadAsync(await _host.SendAsync(HttpMethod.Get, $"/hub/audit?tenant={_host.Acme.Id}&action={AuditActions.VaultSecretRevealed}", mia));
        var record = Assert.Single(audit.GetProperty("items").EnumerateArray());
        Assert.Equal(
            ("User", VaultHost.Mia.Id, "Succeeded", id.ToString()),
            (record.GetProperty("actor").GetProperty("kind").GetString(), record.GetProperty("actor").GetProperty("id").GetGuid(),
                record.GetProperty("outcome").GetString(), record.GetProperty("targetId").GetString()));
    }

    [Theory]
    [InlineData("not-a-tenant", "00000000-0000-0000-0000-000000000001", "", 400)]
    [InlineData("00000000-0000-0000-0000-000000000001", "not-a-secret", "", 400)]
    [InlineData("00000000-0000-0000-0000-000000000001", "00000000-0000-0000-0000-000000000001", "?version=0", 400)]
    [InlineData("00000000-0000-0000-0000-000000000001", "00000000-0000-0000-0000-000000000001", "", 404)]
    public async Task Answer_a_malformed_or_unknown_reveal_with_a_problem(string tenantId, string secretId, string query, int status)
    {
        var response = await _host.SendAsync(
            HttpMethod.Post, $"/hub/vault/governance/tenants/{tenantId}/secrets/{secretId}/reveal{query}", await _host.SignInAsync(VaultHost.Mia, tenant: null));

        await ProblemAssert.IsAsync(response, status == 400 ? MspHubProblemTypes.InvalidRequest : MspHubProblemTypes.NotFound);
    }

    [Fact]
    public async Task Rewrap_every_data_key_after_the_key_encryption_key_changed_so_secrets_reveal_without_the_old_one()
    {
        await _host.CreateSecretAsync(await _host.SignInAsync(VaultHost.Ada, _host.Acme), "backup-admin");
        await _host.CreateSecretAsync(await _host.SignInAsync(VaultHost.Gina, _host.Globex), "router");
        var next = VaultHost.NewKey();
        await _host.RestartAsync(new Dictionary<string, string>(_host.Keys) { ["kek-2"] = next }, "kek-2");
        var mia = await _host.SignInAsync(VaultHost.Mia, tenant: null);

        await ProblemAssert.IsAsync(
            await _host.SendAsync(HttpMethod.Post, "/hub/vault/governance/rewrap", await _host.SignInAsync(VaultHost.Ada, _host.Acme)), MspHubProblemTypes.PermissionRequired);
        var first = await VaultHost.ReadAsync(await _host.SendAsync(HttpMethod.Post, "/hub/vault/governance/rewrap", mia));
        var again = await VaultHost.ReadAsync(await _host.SendAsync(HttpMethod.Post, "/hub/vault/governance/rewrap", mia));
        var audit = await VaultHost.ReadAsync(await _host.SendAsync(HttpMethod.Get, $"/hub/audit?chain=msp&action={AuditActions.VaultDataKeysRewrapped}", mia));
        await _host.RestartAsync(new Dictionary<string, string> { ["kek-2"] = next }, "kek-2");
        var ada = await _host.SignInAsync(VaultHost.Ada, _host.Acme);
        var id = Assert.Single((await VaultHost.ReadAsync(await _host.SendAsync(HttpMethod.Get, "/hub/vault/secrets", ada))).EnumerateArray()).GetProperty("id").GetGuid();
        var revealed = await RevealWithApprovalAsync(ada, $"/hub/vault/secrets/{id}/reveal");

        Assert.Equal((2, 0), (first.GetProperty("rewrapped").GetInt32(), first.GetProperty("remaining").GetInt32()));
        Assert.Equal((0, 0), (again.GetProperty("rewrapped").GetInt32(), again.GetProperty("remaining").GetInt32()));
        var record = Assert.Single(audit.GetProperty("items").EnumerateArray());
        Assert.Equal(
            (VaultHost.Mia.Id, "kek-2", "2"),
            (record.GetProperty("actor").GetProperty("id").GetGuid(), record.GetProperty("targetId").GetString(), record.GetProperty("detail").GetProperty("rewrapped").GetString()));
        Assert.Equal(Value, revealed.GetProperty("value").GetString());
    }

    [Fact]
    public async Task Answer_a_rewrap_whose_old_key_is_gone_with_409_and_rewrap_once_it_is_back()
    {
        await _host.CreateSecretAsync(await _host.SignInAsync(VaultHost.Ada, _host.Acme), "backup-admin");
        var old = _host.Keys;
        var next = VaultHost.NewKey();
        await _host.RestartAsync(new Dictionary<string, string> { ["kek-2"] = next }, "kek-2");
        var mia = await _host.SignInAsync(VaultHost.Mia, tenant: null);

        var refused = await _host.SendAsync(HttpMethod.Post, "/hub/vault/governance/rewrap", mia);
        await _host.RestartAsync(new Dictionary<string, string>(old) { ["kek-2"] = next }, "kek-2");
        var done = await VaultHost.ReadAsync(await _host.SendAsync(HttpMethod.Post, "/hub/vault/governance/rewrap", mia));

        await ProblemAssert.IsAsync(refused, MspHubProblemTypes.Conflict);
        Assert.Equal((1, 0), (done.GetProperty("rewrapped").GetInt32(), done.GetProperty("remaining").GetInt32()));
    }

    // Reveal is L2: the first call makes a request (202, with a Location to it), Amy approves it in Acme, and the
    // caller reveals again naming the approval; the value comes with no-store.
    private async Task<JsonElement> RevealWithApprovalAsync(string token, string path)
    {
        var asked = await _host.SendAsync(HttpMethod.Post, path, token);
        var requestId = ((JsonElement)(await ProblemAssert.IsAsync(asked, MspHubProblemTypes.ApprovalRequired)).Extensions["requestId"]!).GetGuid();
        Assert.Equal($"/hub/approvals/{requestId}", asked.Headers.Location?.OriginalString);
        var approved = await _host.SendAsync(HttpMethod.Post, $"/hub/approvals/{requestId}/approve", await _host.SignInAsync(VaultHost.Amy, _host.Acme));
        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        var revealed = await _host.SendAsync(HttpMethod.Post, path, token, approval: requestId);
        Assert.True(revealed.Headers.CacheControl?.NoStore, "a revealed value must not be stored by any cache");
        return await VaultHost.ReadAsync(revealed);
    }
}
