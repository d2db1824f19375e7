using System.Globalization;
using System.Net;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using MspHub.AspNetCore;
using MspHub.AspNetCore.Tests.TestSupport;

namespace MspHub.AspNetCore.Tests.Sessions;

/// <summary>Session tokens as the stock JwtBearer handler sees them: what they carry, and every way a bad one is refused.</summary>
public sealed class SessionTokensShould : IAsyncLifetime
{
    private SessionTestHost _host = null!;

    public async Task InitializeAsync() => _host = await SessionTestHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private static SigningCredentials Credentials(string pem, string keyId)
    {
        var key = ECDsa.Create();
        key.ImportFromPem(pem);
        return new SigningCredentials(new ECDsaSecurityKey(key) { KeyId = keyId }, SecurityAlgorithms.EcdsaSha256);
    }

    // A token shaped like ours, with one thing changed.
    // A token as MspHub would issue it for Alice in Acme, signed with the hub's key under the key id and access version of
    // a genuine one, before `change`.
    private static string Craft(Action<SecurityTokenDescriptor> change, (string KeyId, long AccessVersion) genuine)
    {
        var now = DateTime.UtcNow;
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = SessionTestHost.Issuer,
            Audience = SessionTestHost.Audience,
            Claims = new Dictionary<string, object>
            {
                ["sub"] = SessionTestHost.Alice.Id.ToString(),
                [MspHubClaimTypes.TenantId] = SessionTestHost.Acme.Id.ToString(),
                [MspHubClaimTypes.AccessVersion] = genuine.AccessVersion,
            },
            IssuedAt = now,
            NotBefore = now,
            Expires = now.AddMinutes(10),
            TokenType = "at+jwt",
            SigningCredentials = Credentials(SessionTestHost.SigningKeyPem, genuine.KeyId),
        };
        change(descriptor);
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(descriptor);
    }

    private async Task<(string KeyId, long AccessVersion)> GenuineAsync()
    {
        var token = new JsonWebToken(await _host.SignInAsync(SessionTestHost.Alice, SessionTestHost.Acme));
        return (token.Kid, token.GetPayloadValue<long>(MspHubClaimTypes.AccessVersion));
    }

    [Fact]
    public async Task Carry_the_sign_in_time_only_from_a_sign_in_or_an_authenticated_principal_and_never_later_than_now()
    {
        var now = DateTimeOffset.UtcNow;
        var signedInAt = now.AddMinutes(-40).ToUnixTimeSeconds();
        var idToken = new ClaimsIdentity([new Claim(OperationGateDefaults.AuthTimeClaim, signedInAt.ToString(CultureInfo.InvariantCulture))], "oidc");
        var unvalidated = new ClaimsIdentity([new Claim(OperationGateDefaults.AuthTimeClaim, now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture))]);
        var future = new ClaimsIdentity([new Claim(OperationGateDefaults.AuthTimeClaim, now.AddDays(1).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture))], "oidc");

        async Task<long?> AuthTimeAsync(ClaimsPrincipal? signedIn)
        {
            var issued = signedIn is null
                ? await _host.Tokens.IssueAsync(SessionTestHost.Alice.Id, SessionTestHost.Acme)
                : await _host.Tokens.IssueAsync(SessionTestHost.Alice.Id, SessionTestHost.Acme, signedIn);
            return new JsonWebToken(issued.Token).TryGetPayloadValue<long>(OperationGateDefaults.AuthTimeClaim, out var seconds) ? seconds : null;
        }

        Assert.InRange((await AuthTimeAsync(null))!.Value, now.ToUnixTimeSeconds(), DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        Assert.Equal(signedInAt, await AuthTimeAsync(new ClaimsPrincipal(idToken)));
        Assert.Equal(signedInAt, await AuthTimeAsync(new ClaimsPrincipal([unvalidated, idToken])));
        Assert.Null(await AuthTimeAsync(new ClaimsPrincipal(unvalidated)));
        Assert.Null(await AuthTimeAsync(new ClaimsPrincipal(new ClaimsIdentity("oidc"))));
        Assert.InRange((await AuthTimeAsync(new ClaimsPrincipal(future)))!.Value, now.ToUnixTimeSeconds(), DateTimeOffset.UtcNow.ToUnixTimeSeconds());
    }

    [Fact]
    public async Task Carry_the_user_the_tenant_and_the_roles_signed_es256_typed_and_short_lived()
    {
        var token = new JsonWebToken(await _host.SignInAsync(SessionTestHost.Alice, SessionTestHost.Acme));

        Assert.Equal(("ES256", "at+jwt"), (token.Alg, token.Typ));
        Assert.False(string.IsNullOrEmpty(token.Kid));
        Assert.Equal(SessionTestHost.Alice.Id.ToString(), token.Subject);
        Assert.Equal(SessionTestHost.Acme.Id.ToString(), token.GetClaim(MspHubClaimTypes.TenantId).Value);
        Assert.Equal("acme", token.GetClaim(MspHubClaimTypes.TenantSlug).Value);
        Assert.Equal(["Agent"], token.Claims.Where(c => c.Type == MspHubClaimTypes.Role).Select(c => c.Value));
        Assert.Equal(TimeSpan.FromMinutes(15), token.ValidTo - token.IssuedAt);
        Assert.Equal([SessionTestHost.Issuer, SessionTestHost.Audience], [token.Issuer, token.Audiences.Single()]);
    }

    [Fact]
    public async Task Be_accepted_by_the_stock_jwt_bearer_handler_and_activate_the_tenant()
    {
        var response = await _host.SendAsync(HttpMethod.Get, "/whoami", await _host.SignInAsync(SessionTestHost.Alice, SessionTestHost.Acme));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("acme", await response.Content.ReadAsStringAsync());
    }

    public static TheoryData<string> Forgeries => new()
    {
        "alg none", "other key", "wrong audience", "wrong issuer", "expired", "not yet valid", "tampered payload", "untyped", "no expiry",
    };

    [Theory]
    [MemberData(nameof(Forgeries))]
    public async Task Refuse_forged_and_stale_tokens_with_401(string forgery)
    {
        var genuine = await GenuineAsync();
        var token = forgery switch
        {
            "alg none" => Craft(d => d.SigningCredentials = null, genuine),
            "other key" => Craft(d => d.SigningCredentials = Credentials(SessionTestHost.NewKeyPem(), genuine.KeyId), genuine),
            "wrong audience" => Craft(d => d.Audience = "another-app", genuine),
            "wrong issuer" => Craft(d => d.Issuer = "https://evil.test", genuine),
            "expired" => Craft(d => (d.IssuedAt, d.NotBefore, d.Expires) = (DateTime.UtcNow.AddHours(-2), DateTime.UtcNow.AddHours(-2), DateTime.UtcNow.AddHours(-1)), genuine),
            "not yet valid" => Craft(d => (d.NotBefore, d.Expires) = (DateTime.UtcNow.AddHours(1), DateTime.UtcNow.AddHours(2)), genuine),
            "untyped" => Craft(d => d.TokenType = "JWT", genuine),
            "no expiry" => Craft(d => d.Expires = null, genuine),
            _ => Tamper(await _host.SignInAsync(SessionTestHost.Alice, SessionTestHost.Acme)),
        };
        Assert.Equal("acme", await (await _host.SendAsync(HttpMethod.Get, "/whoami", Craft(_ => { }, genuine))).Content.ReadAsStringAsync());

        var response = await _host.SendAsync(HttpMethod.Get, "/whoami", token);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    // Swaps the tenant in the payload, keeping the signature: what an attacker with a valid token would try.
    private static string Tamper(string token)
    {
        var parts = token.Split('.');
        var payload = Encoding.UTF8.GetString(Base64UrlEncoder.DecodeBytes(parts[1]))
            .Replace(SessionTestHost.Acme.Id.ToString(), SessionTestHost.Globex.Id.ToString(), StringComparison.Ordinal);
        return $"{parts[0]}.{Base64UrlEncoder.Encode(Encoding.UTF8.GetBytes(payload))}.{parts[2]}";
    }

    [Fact]
    public async Task Keep_accepting_a_rotated_out_key_for_one_token_lifetime_and_no_longer()
    {
        var oldToken = await _host.SignInAsync(SessionTestHost.Alice, SessionTestHost.Acme);
        var oldKeyId = new JsonWebToken(oldToken).Kid;
        await using var rotated = await SessionTestHost.StartAsync(o =>
        {
            o.SigningKeyPem = SessionTestHost.NewKeyPem();
            o.PreviousKeys.Add(new PreviousSigningKey { KeyId = oldKeyId, PublicKeyPem = SessionTestHost.SigningKeyPem, RetiredAt = DateTimeOffset.UtcNow });
        });
        await using var expired = await SessionTestHost.StartAsync(o =>
        {
            o.SigningKeyPem = SessionTestHost.NewKeyPem();
            o.PreviousKeys.Add(new PreviousSigningKey { KeyId = oldKeyId, PublicKeyPem = SessionTestHost.SigningKeyPem, RetiredAt = DateTimeOffset.UtcNow.AddMinutes(-16) });
        });

        Assert.Equal(HttpStatusCode.OK, (await rotated.SendAsync(HttpMethod.Get, "/whoami", oldToken)).StatusCode);
        Assert.NotEqual(oldKeyId, new JsonWebToken(await rotated.SignInAsync(SessionTestHost.Alice, SessionTestHost.Acme)).Kid);
        Assert.Equal(HttpStatusCode.Unauthorized, (await expired.SendAsync(HttpMethod.Get, "/whoami", oldToken)).StatusCode);
    }

    [Fact]
    public async Task Refuse_to_issue_for_unknown_users_or_tenants_the_user_cannot_enter()
    {
        await Assert.ThrowsAsync<SessionRefusedException>(() => _host.Tokens.IssueAsync(Guid.CreateVersion7(), null));
        await Assert.ThrowsAsync<SessionRefusedException>(() => _host.Tokens.IssueAsync(SessionTestHost.Oscar.Id, SessionTestHost.Acme));
        await Assert.ThrowsAsync<SessionRefusedException>(() => _host.Tokens.IssueAsync(SessionTestHost.Mia.Id, SessionTestHost.Initech));
    }

    [Fact]
    public async Task Refuse_a_tenant_being_deleted_even_when_the_caller_holds_it_active()
    {
        await _host.Services.GetRequiredService<InMemoryTenantStore>()
            .UpdateAsync(SessionTestHost.Acme.Id, t => t with { Status = TenantStatus.Deleting });

        var refused = await Assert.ThrowsAsync<SessionRefusedException>(() => _host.Tokens.IssueAsync(SessionTestHost.Mia.Id, SessionTestHost.Acme));

        Assert.Contains("does not exist", refused.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("issuer")]
    [InlineData("key")]
    [InlineData("public key")]
    [InlineData("lifetime")]
    [InlineData("retired key without a time")]
    [InlineData("key retired in a year")]
    [InlineData("script logo url")]
    [InlineData("logo url without a slash")]
    [InlineData("protocol-relative logo url")]
    public async Task Refuse_to_start_with_unsafe_settings(string setting)
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => SessionTestHost.StartAsync(o =>
        {
            switch (setting)
            {
                case "issuer": o.Issuer = null; break;
                case "key": o.SigningKeyPem = "not a key"; break;
                case "public key": o.SigningKeyPem = PublicOnly(); break;
                case "retired key without a time": o.PreviousKeys.Add(new PreviousSigningKey { KeyId = "old", PublicKeyPem = PublicOnly() }); break;
                case "key retired in a year":
                    o.PreviousKeys.Add(new PreviousSigningKey { KeyId = "old", PublicKeyPem = PublicOnly(), RetiredAt = DateTimeOffset.UtcNow.AddYears(1) });
                    break;
                case "script logo url": o.LogoBaseUrl = "javascript:alert(document.cookie)//"; break;
                case "logo url without a slash": o.LogoBaseUrl = "https://cdn.example.com/logos"; break;
                case "protocol-relative logo url": o.LogoBaseUrl = "//cdn.example.com/logos/"; break;
                default: o.Lifetime = TimeSpan.FromDays(7); break;
            }
        }));

        Assert.Contains("MspHub:Jwt", error.Message, StringComparison.Ordinal);
    }

    private static string PublicOnly()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return key.ExportSubjectPublicKeyInfoPem();
    }
}
