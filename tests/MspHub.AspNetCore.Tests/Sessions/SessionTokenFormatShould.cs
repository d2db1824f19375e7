using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using MspHub.AspNetCore;
using MspHub.AspNetCore.Tests.TestSupport;

namespace MspHub.AspNetCore.Tests.Sessions;

/// <summary>
/// MspHub writes and signs session tokens itself; these prove the stock JsonWebTokenHandler and JwtBearer handler
/// read them exactly as they read a token JsonWebTokenHandler wrote from the same claims, and refuse a changed one.
/// </summary>
public sealed class SessionTokenFormatShould
{
    // Every value type a contributor may add, text that JSON must escape, and registered and identity claims it may not change.
    private sealed class EveryKindOfClaim : IJwtClaimsContributor
    {
        public ValueTask ContributeAsync(JwtClaimsContext context, CancellationToken cancellationToken)
        {
            context.Claims["region"] = "Zürich \"eu\" <west>\\+1";
            context.Claims["seats"] = 25;
            context.Claims["quota"] = 2.5;
            context.Claims["beta"] = true;
            context.Claims["teams"] = new[] { "ops", "sales" };
            context.Claims["regions"] = Regions();
            context.Claims["iss"] = "https://evil.test";
            context.Claims["aud"] = "another-app";
            context.Claims["exp"] = DateTimeOffset.UtcNow.AddYears(1).ToUnixTimeSeconds();
            context.Claims["sub"] = Guid.NewGuid().ToString();
            context.Claims["jti"] = "always-the-same-session";
            context.Claims[MspHubClaimTypes.AccessVersion] = "legacy";
            context.Claims[MspHubClaimTypes.TenantSlug] = "globex";
            context.Claims.Remove(MspHubClaimTypes.TenantId);
            return ValueTask.CompletedTask;
        }

        // A sequence that is not a list, written by walking it.
        private static IEnumerable<string> Regions()
        {
            yield return "eu-west";
            yield return "us-east";
        }
    }

    private sealed class GuidClaim : IJwtClaimsContributor
    {
        public ValueTask ContributeAsync(JwtClaimsContext context, CancellationToken cancellationToken)
        {
            context.Claims["device"] = Guid.NewGuid();
            return ValueTask.CompletedTask;
        }
    }

    // Values JSON cannot carry as a claim: null (dropped or read as "" by some readers) and the named numbers.
    private sealed class UnwritableClaim(object? value) : IJwtClaimsContributor
    {
        public ValueTask ContributeAsync(JwtClaimsContext context, CancellationToken cancellationToken)
        {
            context.Claims["device"] = value!;
            return ValueTask.CompletedTask;
        }
    }

    private sealed class NamelessClaim : IJwtClaimsContributor
    {
        public ValueTask ContributeAsync(JwtClaimsContext context, CancellationToken cancellationToken)
        {
            context.Claims[""] = "unnamed";
            return ValueTask.CompletedTask;
        }
    }

    // A scoped service of the host's, resolved from the scope the token is issued in.
    private sealed class IssueScope : IDisposable
    {
        public Guid Id { get; } = Guid.NewGuid();

        public bool Disposed { get; private set; }

        public void Dispose() => Disposed = true;
    }

    private sealed class ScopedClaim(List<IssueScope> seen) : IJwtClaimsContributor
    {
        public ValueTask ContributeAsync(JwtClaimsContext context, CancellationToken cancellationToken)
        {
            var scope = context.Services.GetRequiredService<IssueScope>();
            seen.Add(scope);
            context.Claims["scope"] = scope.Id.ToString();
            return ValueTask.CompletedTask;
        }
    }

    private static Task<SessionTestHost> StartAsync<TContributor>(Action<MspHubJwtOptions>? configure = null)
        where TContributor : class, IJwtClaimsContributor =>
        SessionTestHost.StartAsync(configure, more: hub => hub.Services.AddSingleton<IJwtClaimsContributor, TContributor>());

    private static IEnumerable<(string, string, string)> ClaimsOf(TokenValidationResult result) =>
        result.ClaimsIdentity.Claims.Select(c => (c.Type, c.Value, c.ValueType)).Order();

    [Fact]
    public async Task Be_read_by_the_stock_handler_as_the_token_JsonWebTokenHandler_writes_from_the_same_claims()
    {
        await using var host = await StartAsync<EveryKindOfClaim>();
        var issued = await host.Tokens.IssueAsync(SessionTestHost.Alice.Id, SessionTestHost.Acme);
        var token = new JsonWebToken(issued.Token);
        // Not disposed: IdentityModel caches a signature provider per key, so later tests signing with the same key get this one.
        var key = ECDsa.Create();
        key.ImportFromPem(SessionTestHost.SigningKeyPem);
        var signingKey = new ECDsaSecurityKey(key);
        var accessVersion = (await host.Services.GetRequiredService<IAccessStore>().FindUserAsync(SessionTestHost.Alice.Id))!.AccessVersion;
        var reference = new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = SessionTestHost.Issuer,
            Audience = SessionTestHost.Audience,
            IssuedAt = token.IssuedAt,
            NotBefore = token.ValidFrom,
            Expires = token.ValidTo,
            TokenType = "at+jwt",
            SigningCredentials = new SigningCredentials(new ECDsaSecurityKey(key) { KeyId = token.Kid }, SecurityAlgorithms.EcdsaSha256),
            Claims = new Dictionary<string, object>
            {
                ["sub"] = SessionTestHost.Alice.Id.ToString(),
                ["name"] = "alice",
                ["jti"] = token.Id,
                [MspHubClaimTypes.AccessVersion] = accessVersion,
                [MspHubClaimTypes.TenantId] = SessionTestHost.Acme.Id.ToString(),
                [MspHubClaimTypes.TenantSlug] = "acme",
                [MspHubClaimTypes.Role] = new[] { "Agent" },
                [OperationGateDefaults.AuthTimeClaim] = token.GetPayloadValue<long>(OperationGateDefaults.AuthTimeClaim),
                ["region"] = "Zürich \"eu\" <west>\\+1",
                ["seats"] = 25,
                ["quota"] = 2.5,
                ["beta"] = true,
                ["teams"] = new[] { "ops", "sales" },
                ["regions"] = new[] { "eu-west", "us-east" },
            },
        });
        var handler = new JsonWebTokenHandler();

        var ours = await handler.ValidateTokenAsync(issued.Token, host.Tokens.ValidationParameters);
        var theirs = await handler.ValidateTokenAsync(reference, host.Tokens.ValidationParameters);

        Assert.True(ours.IsValid, ours.Exception?.Message);
        Assert.True(theirs.IsValid, theirs.Exception?.Message);
        Assert.Equal(ClaimsOf(theirs), ClaimsOf(ours));
        Assert.Equal(new JsonWebToken(reference).EncodedHeader, token.EncodedHeader);
        Assert.Equal(("ES256", "at+jwt", Base64UrlEncoder.Encode(signingKey.ComputeJwkThumbprint())[..16]), (token.Alg, token.Typ, token.Kid));
        Assert.Equal((SessionTestHost.Issuer, SessionTestHost.Audience), (token.Issuer, token.Audiences.Single()));
        Assert.Equal(token.IssuedAt, token.ValidFrom);
        Assert.Equal(issued.ExpiresAt.ToUnixTimeSeconds(), token.GetPayloadValue<long>("exp"));
        Assert.Equal(TimeSpan.FromMinutes(15), token.ValidTo - token.IssuedAt);
    }

    [Fact]
    public async Task Let_contributors_use_scoped_services_of_the_scope_each_token_is_issued_in()
    {
        var seen = new List<IssueScope>();
        await using var host = await SessionTestHost.StartAsync(more: hub => hub.Services
            .AddScoped<IssueScope>()
            .AddSingleton<IJwtClaimsContributor>(new ScopedClaim(seen)));

        var first = new JsonWebToken((await host.Tokens.IssueAsync(SessionTestHost.Alice.Id, SessionTestHost.Acme)).Token);
        var second = new JsonWebToken((await host.Tokens.IssueAsync(SessionTestHost.Alice.Id, tenant: null)).Token);

        Assert.Equal(2, seen.Count);
        Assert.Equal([seen[0].Id.ToString(), seen[1].Id.ToString()], [first.GetPayloadValue<string>("scope"), second.GetPayloadValue<string>("scope")]);
        Assert.NotEqual(seen[0].Id, seen[1].Id);
        Assert.All(seen, scope => Assert.True(scope.Disposed));
    }

    [Fact]
    public async Task Be_refused_by_the_stock_handlers_once_its_payload_or_signature_changes()
    {
        await using var host = await StartAsync<EveryKindOfClaim>();
        var issued = (await host.Tokens.IssueAsync(SessionTestHost.Alice.Id, SessionTestHost.Acme)).Token;
        var parts = issued.Split('.');
        var payload = Encoding.UTF8.GetString(Base64UrlEncoder.DecodeBytes(parts[1])).Replace("\"seats\":25", "\"seats\":250", StringComparison.Ordinal);
        var morePayload = $"{parts[0]}.{Base64UrlEncoder.Encode(Encoding.UTF8.GetBytes(payload))}.{parts[2]}";
        var signature = Base64UrlEncoder.DecodeBytes(parts[2]);
        signature[^1] ^= 1;
        var otherSignature = $"{parts[0]}.{parts[1]}.{Base64UrlEncoder.Encode(signature)}";
        var handler = new JsonWebTokenHandler();

        Assert.Equal(HttpStatusCode.OK, (await host.SendAsync(HttpMethod.Get, "/whoami", issued)).StatusCode);
        foreach (var changed in new[] { morePayload, otherSignature })
        {
            Assert.NotEqual(issued, changed);
            Assert.Equal(HttpStatusCode.Unauthorized, (await host.SendAsync(HttpMethod.Get, "/whoami", changed)).StatusCode);
            Assert.IsType<SecurityTokenInvalidSignatureException>((await handler.ValidateTokenAsync(changed, host.Tokens.ValidationParameters)).Exception);
        }
    }

    [Fact]
    public async Task Sign_rs256_with_an_rsa_key_that_the_stock_handler_accepts()
    {
        using var rsa = RSA.Create(2048);
        await using var host = await StartAsync<EveryKindOfClaim>(o => o.SigningKeyPem = rsa.ExportPkcs8PrivateKeyPem());

        var token = await host.SignInAsync(SessionTestHost.Alice, SessionTestHost.Acme);
        var response = await host.SendAsync(HttpMethod.Get, "/whoami", token);

        Assert.Equal(("RS256", 256), (new JsonWebToken(token).Alg, Base64UrlEncoder.DecodeBytes(token.Split('.')[2]).Length));
        Assert.Equal("acme", await response.Content.ReadAsStringAsync());
    }

    // Signed with the hub's own key, so only MspHub's check of its claims stands between such a token and the endpoints:
    // without an access version it reads, nothing could ever tell the token outdated.
    [Theory]
    [InlineData(null)]
    [InlineData("abc")]
    [InlineData("99999999999999999999999")]
    public async Task Refuse_a_token_signed_with_the_hubs_key_whose_access_version_is_missing_or_unreadable(string? accessVersion)
    {
        await using var host = await SessionTestHost.StartAsync();
        var genuine = new JsonWebToken(await host.SignInAsync(SessionTestHost.Alice, SessionTestHost.Acme));
        var key = ECDsa.Create();
        key.ImportFromPem(SessionTestHost.SigningKeyPem);
        var claims = new Dictionary<string, object>
        {
            ["sub"] = SessionTestHost.Alice.Id.ToString(),
            ["jti"] = Guid.NewGuid().ToString(),
            [MspHubClaimTypes.TenantId] = SessionTestHost.Acme.Id.ToString(),
        };
        if (accessVersion is not null)
        {
            claims[MspHubClaimTypes.AccessVersion] = accessVersion;
        }

        var forged = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = SessionTestHost.Issuer,
            Audience = SessionTestHost.Audience,
            Expires = DateTime.UtcNow.AddMinutes(5),
            TokenType = "at+jwt",
            SigningCredentials = new SigningCredentials(new ECDsaSecurityKey(key) { KeyId = genuine.Kid }, SecurityAlgorithms.EcdsaSha256),
            Claims = claims,
        });

        Assert.Equal(HttpStatusCode.OK, (await host.SendAsync(HttpMethod.Get, "/whoami", genuine.EncodedToken)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await host.SendAsync(HttpMethod.Get, "/whoami", forged)).StatusCode);
    }

    [Fact]
    public async Task Refuse_to_issue_a_claim_whose_value_is_not_a_string_a_number_a_boolean_or_a_list_of_strings()
    {
        await using var host = await StartAsync<GuidClaim>();

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => host.Tokens.IssueAsync(SessionTestHost.Alice.Id, SessionTestHost.Acme));

        Assert.Contains("'device'", refused.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(float.NegativeInfinity)]
    public async Task Refuse_to_issue_a_claim_holding_null_or_a_number_json_cannot_carry(object? value)
    {
        await using var host = await SessionTestHost.StartAsync(more: hub => hub.Services.AddSingleton<IJwtClaimsContributor>(new UnwritableClaim(value)));

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => host.Tokens.IssueAsync(SessionTestHost.Alice.Id, SessionTestHost.Acme));

        Assert.Contains("'device'", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refuse_to_issue_a_claim_without_a_name()
    {
        await using var host = await StartAsync<NamelessClaim>();

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => host.Tokens.IssueAsync(SessionTestHost.Alice.Id, SessionTestHost.Acme));

        Assert.Contains("no name", refused.Message, StringComparison.Ordinal);
    }
}
