using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using MspHub.AspNetCore.Tests.Problems;

namespace MspHub.AspNetCore.Tests.Vault;

/// <summary>
/// The tenant's own vault over HTTP (<see cref="VaultHost"/>: Ada keeps Acme's vault, Amy approves there, Abe may only
/// view it, Gina keeps Globex's). Every refusal is ProblemDetails, and no refusal holds the value.
/// </summary>
public sealed class VaultEndpointsShould : IAsyncLifetime
{
    private const string Value = VaultHost.Value;
    private static readonly HubUser Ada = VaultHost.Ada;
    private static readonly HubUser Amy = VaultHost.Amy;
    private static readonly HubUser Abe = VaultHost.Abe;
    private static readonly HubUser Gina = VaultHost.Gina;
    private VaultHost _host = null!;

    public async Task InitializeAsync() => _host = await VaultHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Create_list_rotate_and_reveal_after_approval_with_no_store_then_delete()
    {
        var ada = await _host.SignInAsync(Ada, _host.Acme);
        var id = await _host.CreateSecretAsync(ada, "backup-admin");

        var listed = await VaultHost.ReadAsync(await _host.SendAsync(HttpMethod.Get, "/hub/vault/secrets", ada));
        var rotated = await VaultHost.ReadAsync(await _host.SendAsync(HttpMethod.Put, $"/hub/vault/secrets/{id}/value", ada, body: new { value = "rotated-value" }));
        var asked = await _host.SendAsync(HttpMethod.Post, $"/hub/vault/secrets/{id}/reveal?version=1", ada);
        var requestId = ((JsonElement)(await ProblemAssert.IsAsync(asked, MspHubProblemTypes.ApprovalRequired)).Extensions["requestId"]!).GetGuid();
        Assert.Equal($"/hub/approvals/{requestId}", asked.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await _host.SendAsync(HttpMethod.Post, $"/hub/approvals/{requestId}/approve", await _host.SignInAsync(Amy, _host.Acme))).StatusCode);
        var revealed = await _host.SendAsync(HttpMethod.Post, $"/hub/vault/secrets/{id}/reveal?version=1", ada, approval: requestId);
        var again = await _host.SendAsync(HttpMethod.Post, $"/hub/vault/secrets/{id}/reveal?version=1", ada, approval: requestId);

        var secret = Assert.Single(listed.EnumerateArray());
        Assert.Equal(("backup-admin", 1), (secret.GetProperty("name").GetString(), secret.GetProperty("currentVersion").GetInt32()));
        Assert.DoesNotContain(Value, listed.GetRawText(), StringComparison.Ordinal);
        Assert.Equal(2, rotated.GetProperty("currentVersion").GetInt32());
        Assert.True(revealed.Headers.CacheControl?.NoStore, "a revealed value must not be stored by any cache");
        var body = await VaultHost.ReadAsync(revealed);
        Assert.Equal((id, 1, Value), (body.GetProperty("id").GetGuid(), body.GetProperty("version").GetInt32(), body.GetProperty("value").GetString()));
        await ProblemAssert.IsAsync(again, MspHubProblemTypes.OperationRefused);
        var lastRevealedBy = Assert.Single((await VaultHost.ReadAsync(await _host.SendAsync(HttpMethod.Get, "/hub/vault/secrets", ada))).EnumerateArray()).GetProperty("lastRevealedBy");
        Assert.Equal(("User", Ada.Id), (lastRevealedBy.GetProperty("kind").GetString(), lastRevealedBy.GetProperty("id").GetGuid()));
        Assert.Equal(HttpStatusCode.NoContent, (await _host.SendAsync(HttpMethod.Delete, $"/hub/vault/secrets/{id}", ada)).StatusCode);
        await ProblemAssert.IsAsync(await _host.SendAsync(HttpMethod.Delete, $"/hub/vault/secrets/{id}", ada), MspHubProblemTypes.NotFound);
    }

    [Fact]
    public async Task Refuse_another_tenants_secret_a_caller_without_the_permission_and_an_api_key_without_reveal()
    {
        var id = await _host.CreateSecretAsync(await _host.SignInAsync(Ada, _host.Acme), "backup-admin");
        var gina = await _host.SignInAsync(Gina, _host.Globex);
        var abe = await _host.SignInAsync(Abe, _host.Acme);
        var viewer = await _host.CreateKeyAsync(VaultPermissions.View);

        var refusals = new[]
        {
            (await _host.SendAsync(HttpMethod.Post, $"/hub/vault/secrets/{id}/reveal", gina), MspHubProblemTypes.NotFound),
            (await _host.SendAsync(HttpMethod.Put, $"/hub/vault/secrets/{id}/value", gina, body: new { value = "stolen" }), MspHubProblemTypes.NotFound),
            (await _host.SendAsync(HttpMethod.Delete, $"/hub/vault/secrets/{id}", gina), MspHubProblemTypes.NotFound),
            (await _host.SendAsync(HttpMethod.Post, $"/hub/vault/secrets/{id}/reveal", abe), MspHubProblemTypes.PermissionRequired),
            (await _host.SendAsync(HttpMethod.Post, "/hub/vault/secrets", abe, body: new { name = "mine", kind = "password", value = Value }), MspHubProblemTypes.PermissionRequired),
            (await _host.SendAsync(HttpMethod.Post, $"/hub/vault/secrets/{id}/reveal", key: viewer), MspHubProblemTypes.PermissionRequired),
            (await _host.SendAsync(HttpMethod.Post, $"/hub/vault/secrets/{id}/reveal"), MspHubProblemTypes.AuthenticationRequired),
        };

        foreach (var (response, type) in refusals)
        {
            var text = await response.Content.ReadAsStringAsync();
            Assert.DoesNotContain(Value, text, StringComparison.Ordinal);
            await ProblemAssert.IsAsync(response, type);
        }

        Assert.Empty((await VaultHost.ReadAsync(await _host.SendAsync(HttpMethod.Get, "/hub/vault/secrets", gina))).EnumerateArray());
        Assert.Single((await VaultHost.ReadAsync(await _host.SendAsync(HttpMethod.Get, "/hub/vault/secrets", key: viewer))).EnumerateArray());
    }

    [Theory]
    [InlineData("POST", "/hub/vault/secrets", "{\"name\":\"x\",\"kind\":\"password\"}")]
    [InlineData("POST", "/hub/vault/secrets", "{\"name\":\"x\",\"kind\":\"password\",\"value\":\"\"}")]
    [InlineData("POST", "/hub/vault/secrets", "not json")]
    [InlineData("PUT", "/hub/vault/secrets/not-an-id/value", "{\"value\":\"v\"}")]
    [InlineData("POST", "/hub/vault/secrets/not-an-id/reveal", null)]
    [InlineData("POST", "/hub/vault/secrets/00000000-0000-0000-0000-000000000001/reveal?version=0", null)]
    [InlineData("DELETE", "/hub/vault/secrets/not-an-id", null)]
    public async Task Answer_bad_input_with_400(string method, string path, string? json)
    {
        var response = await _host.SendAsync(new HttpMethod(method), path, await _host.SignInAsync(Ada, _host.Acme), json: json);

        await ProblemAssert.IsAsync(response, MspHubProblemTypes.InvalidRequest);
    }

    [Fact]
    public async Task Refuse_a_body_that_is_not_json_and_a_malformed_approval_header()
    {
        var ada = await _host.SignInAsync(Ada, _host.Acme);
        var id = await _host.CreateSecretAsync(ada, "backup-admin");
        var request = new HttpRequestMessage(HttpMethod.Post, $"/hub/vault/secrets/{id}/reveal") { Headers = { Authorization = new AuthenticationHeaderValue(JwtBearerDefaults.AuthenticationScheme, ada) } };
        request.Headers.Add(OperationGateDefaults.ApprovalHeader, "not-an-id");

        await ProblemAssert.IsAsync(await _host.Client.SendAsync(request), MspHubProblemTypes.InvalidRequest);

        // Two approvals are refused, never one of them picked; an id in braces or with a line break is not the id.
        var two = new HttpRequestMessage(HttpMethod.Post, $"/hub/vault/secrets/{id}/reveal") { Headers = { Authorization = new AuthenticationHeaderValue(JwtBearerDefaults.AuthenticationScheme, ada) } };
        two.Headers.Add(OperationGateDefaults.ApprovalHeader, [Guid.NewGuid().ToString(), Guid.NewGuid().ToString()]);
        await ProblemAssert.IsAsync(await _host.Client.SendAsync(two), MspHubProblemTypes.InvalidRequest);
        foreach (var lookalike in new[] { $"%7B{id}%7D", $"{id}%0A", $"%20{id}" })
        {
            await ProblemAssert.IsAsync(await _host.SendAsync(HttpMethod.Post, $"/hub/vault/secrets/{lookalike}/reveal", ada), MspHubProblemTypes.InvalidRequest);
        }

        var plain = new HttpRequestMessage(HttpMethod.Post, "/hub/vault/secrets") { Content = new StringContent(Value, Encoding.UTF8, "text/plain") };
        plain.Headers.Authorization = new AuthenticationHeaderValue(JwtBearerDefaults.AuthenticationScheme, ada);
        var refused = await _host.Client.SendAsync(plain);
        Assert.DoesNotContain(Value, await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await ProblemAssert.IsAsync(refused, MspHubProblemTypes.UnsupportedMediaType);
    }
}
