using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using Microsoft.IdentityModel.JsonWebTokens;
using MspHub.AspNetCore;
using MspHub.AspNetCore.Tests.TestSupport;

namespace MspHub.AspNetCore.Tests.Branding;

/// <summary>Branding written concurrently over HTTP on SQLite: first saves never fail, and label and logo changes never undo each other.</summary>
public sealed class BrandingRacesShould : IAsyncLifetime
{
    private SessionTestHost _host = null!;

    public async Task InitializeAsync() => _host = await SessionTestHost.StartOnSqliteAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    [Fact]
    public async Task Answer_every_concurrent_first_save_of_the_same_logo_with_200()
    {
        var mia = await _host.SignInAsync(SessionTestHost.Mia);
        var brenda = await _host.SignInAsync(SessionTestHost.Brenda, SessionTestHost.Acme);
        var logo = TestImages.Png(8, 8, 200, 10, 10);

        var responses = await Task.WhenAll(Enumerable.Range(0, 16).Select(i =>
            _host.SendAsync(HttpMethod.Put, "/hub/branding/logo", i % 2 == 0 ? mia : brenda, new ByteArrayContent(logo))));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        var acme = new JsonWebToken(await _host.SignInAsync(SessionTestHost.Mia, SessionTestHost.Acme));
        Assert.Equal(Sha256(logo), acme.GetClaim(MspHubClaimTypes.LogoSha256).Value);
    }

    [Fact]
    public async Task Keep_a_label_and_a_logo_changed_at_the_same_time()
    {
        var mia = await _host.SignInAsync(SessionTestHost.Mia);

        for (var round = 0; round < 10; round++)
        {
            var logo = TestImages.Png(4, 4, (byte)round, 0, 0);
            var colour = $"#0000{round:x2}";
            var responses = await Task.WhenAll(
                _host.SendAsync(HttpMethod.Put, "/hub/branding/logo", mia, new ByteArrayContent(logo)),
                _host.SendAsync(HttpMethod.Put, "/hub/branding", mia, JsonContent.Create(new BrandingUpdate(colour, null, $"Round {round}"))));

            Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
            var inForce = new JsonWebToken(await _host.SignInAsync(SessionTestHost.Mia, SessionTestHost.Globex));
            Assert.Equal(Sha256(logo), inForce.GetClaim(MspHubClaimTypes.LogoSha256).Value);
            Assert.Equal(colour, inForce.GetClaim(MspHubClaimTypes.PrimaryColor).Value);
        }
    }
}
