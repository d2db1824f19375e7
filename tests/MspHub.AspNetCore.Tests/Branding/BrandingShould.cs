using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Mvc;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.Extensions.DependencyInjection;
using MspHub.AspNetCore;
using MspHub.AspNetCore.Tests.Problems;
using MspHub.AspNetCore.Tests.TestSupport;

namespace MspHub.AspNetCore.Tests.Branding;

/// <summary>White-label branding: uploads checked by content, logos stored once and served immutable, and the label carried in tokens.</summary>
public sealed class BrandingShould : IAsyncLifetime
{
    private static readonly byte[] MspLogo = Png(1);
    private static readonly byte[] AcmeLogo = Png(2);
    private SessionTestHost _host = null!;

    public async Task InitializeAsync() => _host = await SessionTestHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private static byte[] Png(byte seed) => TestImages.Png(2, 2, seed, seed, seed);

    private static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    private async Task<HttpResponseMessage> UploadAsync(string token, byte[] image) =>
        await _host.SendAsync(HttpMethod.Put, "/hub/branding/logo", token, new ByteArrayContent(image));

    private async Task<HttpResponseMessage> SetColoursAsync(string token, string primary, string? title = null) =>
        await _host.SendAsync(HttpMethod.Put, "/hub/branding", token, JsonContent.Create(new BrandingUpdate(primary, null, title)));

    private async Task<JsonWebToken> TokenAsync(Tenant tenant) => new(await _host.SignInAsync(SessionTestHost.Mia, tenant));

    [Fact]
    public async Task Carry_the_msp_label_in_every_tenants_token_and_a_tenants_own_over_it()
    {
        var mia = await _host.SignInAsync(SessionTestHost.Mia);
        Assert.Equal(HttpStatusCode.OK, (await UploadAsync(mia, MspLogo)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await SetColoursAsync(mia, "#1A73E8", "Northwind Hub")).StatusCode);
        var brenda = await _host.SignInAsync(SessionTestHost.Brenda, SessionTestHost.Acme);
        Assert.Equal(HttpStatusCode.OK, (await UploadAsync(brenda, AcmeLogo)).StatusCode);

        var acme = await TokenAsync(SessionTestHost.Acme);
        var globex = await TokenAsync(SessionTestHost.Globex);

        Assert.Equal(Sha256(AcmeLogo), acme.GetClaim(MspHubClaimTypes.LogoSha256).Value);
        Assert.Equal($"/hub/logos/{Sha256(AcmeLogo)}", acme.GetClaim(MspHubClaimTypes.LogoUrl).Value);
        Assert.Equal(("#1a73e8", "Northwind Hub"), (acme.GetClaim(MspHubClaimTypes.PrimaryColor).Value, acme.GetClaim(MspHubClaimTypes.Title).Value));
        Assert.Equal(Sha256(MspLogo), globex.GetClaim(MspHubClaimTypes.LogoSha256).Value);
        Assert.DoesNotContain(acme.Claims, c => c.Value.Contains(Convert.ToBase64String(AcmeLogo), StringComparison.Ordinal));
    }

    [Fact]
    public async Task Change_the_hash_claim_in_every_newly_issued_token_when_the_logo_changes()
    {
        var mia = await _host.SignInAsync(SessionTestHost.Mia);
        await UploadAsync(mia, MspLogo);
        var before = (await TokenAsync(SessionTestHost.Globex)).GetClaim(MspHubClaimTypes.LogoSha256).Value;

        await UploadAsync(mia, Png(3));

        var after = (await TokenAsync(SessionTestHost.Globex)).GetClaim(MspHubClaimTypes.LogoSha256).Value;
        Assert.NotEqual(before, after);
        Assert.Equal(Sha256(Png(3)), after);
        Assert.Equal(HttpStatusCode.NotFound, (await _host.SendAsync(HttpMethod.Get, $"/hub/logos/{before}", token: null)).StatusCode);
        Assert.Equal(1, ((InMemoryBrandingStore)_host.Services.GetService(typeof(InMemoryBrandingStore))!).LogoCount);
    }

    [Fact]
    public async Task Serve_a_logo_at_its_stable_url_with_immutable_caching_and_store_it_once()
    {
        var mia = await _host.SignInAsync(SessionTestHost.Mia);
        await UploadAsync(mia, MspLogo);
        await UploadAsync(await _host.SignInAsync(SessionTestHost.Brenda, SessionTestHost.Acme), MspLogo);

        var served = await _host.SendAsync(HttpMethod.Get, $"/hub/logos/{Sha256(MspLogo)}", token: null);

        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        Assert.Equal(MspLogo, await served.Content.ReadAsByteArrayAsync());
        Assert.Equal("image/png", served.Content.Headers.ContentType?.MediaType);
        Assert.Equal("public, max-age=31536000, immutable", served.Headers.CacheControl?.ToString());
        Assert.Equal("nosniff", served.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal(1, ((InMemoryBrandingStore)_host.Services.GetService(typeof(InMemoryBrandingStore))!).LogoCount);

        var request = new HttpRequestMessage(HttpMethod.Get, $"/hub/logos/{Sha256(MspLogo)}");
        request.Headers.IfNoneMatch.Add(new EntityTagHeaderValue($"\"{Sha256(MspLogo)}\""));
        Assert.Equal(HttpStatusCode.NotModified, (await _host.Client.SendAsync(request)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _host.SendAsync(HttpMethod.Get, $"/hub/logos/{new string('0', 64)}", token: null)).StatusCode);
    }

    public static TheoryData<string, byte[]> BadLogos => new()
    {
        { "svg with a script", Encoding.UTF8.GetBytes("<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>") },
        { "gif", Encoding.ASCII.GetBytes("GIF89a\u0001\u0000\u0001\u0000\u0000\u0000\u0000;") },
        { "text named png", Encoding.UTF8.GetBytes("definitely an image") },
        { "empty", [] },
        { "oversized png", [.. Png(4), .. new byte[BrandingRules.DefaultMaxLogoBytes]] },
        { "a png signature followed by html", [.. Png(5)[..16], .. Encoding.UTF8.GetBytes("<html><script>alert(document.cookie)</script></html>")] },
        { "a png wider than the limit", TestImages.Png(BrandingRules.MaxLogoDimension + 1, 1, 0, 0, 0) },
        { "a jpeg signature followed by html", [0xFF, 0xD8, 0xFF, 0xE0, .. Encoding.UTF8.GetBytes("<html></html>")] },
    };

    [Theory]
    [MemberData(nameof(BadLogos))]
    public async Task Refuse_anything_but_a_png_or_jpeg_within_the_size_limit_and_keep_the_logo(string what, byte[] image)
    {
        var mia = await _host.SignInAsync(SessionTestHost.Mia);
        await UploadAsync(mia, MspLogo);

        var response = await UploadAsync(mia, image);

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, what);
        await ProblemAssert.IsAsync(response, MspHubProblemTypes.InvalidBranding);
        Assert.Equal(Sha256(MspLogo), (await TokenAsync(SessionTestHost.Acme)).GetClaim(MspHubClaimTypes.LogoSha256).Value);
    }

    [Fact]
    public async Task Say_an_oversized_upload_is_larger_than_the_limit_not_the_size_read_before_stopping()
    {
        var response = await UploadAsync(await _host.SignInAsync(SessionTestHost.Mia), [.. Png(4), .. new byte[300_000]]);

        var problem = await ProblemAssert.IsAsync(response, MspHubProblemTypes.InvalidBranding);
        Assert.Equal("A logo must be between 1 byte and 256 KiB; this one is larger.", problem.Detail);
    }

    [Fact]
    public async Task Accept_a_jpeg_sniffed_from_its_bytes()
    {
        var jpeg = TestImages.Jpeg(120, 40);

        var response = await UploadAsync(await _host.SignInAsync(SessionTestHost.Mia), jpeg);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var served = await _host.SendAsync(HttpMethod.Get, $"/hub/logos/{Sha256(jpeg)}", token: null);
        Assert.Equal("image/jpeg", served.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("alice", "acme")]
    [InlineData("tom", "globex")]
    [InlineData("brenda", null)]
    public async Task Refuse_changes_from_users_who_may_not_brand(string user, string? tenant)
    {
        var who = new[] { SessionTestHost.Alice, SessionTestHost.Tom, SessionTestHost.Brenda }.Single(u => u.UserName == user);
        var active = new[] { SessionTestHost.Acme, SessionTestHost.Globex }.SingleOrDefault(t => t.Slug == tenant);
        var token = await _host.SignInAsync(who, active);

        Assert.Equal(HttpStatusCode.Forbidden, (await SetColoursAsync(token, "#000000")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await UploadAsync(token, MspLogo)).StatusCode);
        Assert.False((await TokenAsync(SessionTestHost.Acme)).TryGetClaim(MspHubClaimTypes.LogoSha256, out _));
    }

    [Fact]
    public async Task Refuse_a_bad_colour_with_problem_details()
    {
        var response = await SetColoursAsync(await _host.SignInAsync(SessionTestHost.Mia), "red");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("#rrggbb", (await response.Content.ReadFromJsonAsync<ProblemDetails>())!.Detail, StringComparison.Ordinal);
    }

    // A PUT replaces the label: a misspelt field read as absent would clear the colour the caller meant to set.
    [Theory]
    [InlineData("""{"primaryColour": "#FF0000"}""", "primaryColour")]
    [InlineData("""{"primaryColor": "#FF0000", "primaryColor": "#00FF00", "title": "Twice"}""", "primaryColor")]
    public async Task Refuse_a_field_it_does_not_take_or_one_given_twice_and_keep_the_label(string body, string field)
    {
        var mia = await _host.SignInAsync(SessionTestHost.Mia);
        Assert.Equal(HttpStatusCode.OK, (await SetColoursAsync(mia, "#1A73E8", "Northwind Hub")).StatusCode);

        var response = await _host.SendAsync(HttpMethod.Put, "/hub/branding", mia, new StringContent(body, Encoding.UTF8, "application/json"));

        var problem = await ProblemAssert.IsAsync(response, MspHubProblemTypes.InvalidRequest);
        Assert.Contains(field, problem.Detail, StringComparison.Ordinal);
        var kept = (await (await _host.SendAsync(HttpMethod.Get, "/hub/branding", mia)).Content.ReadFromJsonAsync<SessionBranding>())!;
        Assert.Equal(("#1a73e8", "Northwind Hub"), (kept.PrimaryColor, kept.Title));
    }

    // Code running in one tenant changes that tenant's label, never another tenant's (the MSP-wide one is no tenant's:
    // who may change it is the caller's check, as PUT /hub/branding makes it).
    [Fact]
    public async Task Refuse_to_set_another_tenants_label_inside_a_tenant_scope()
    {
        using var scope = _host.Services.CreateScope();
        var branding = scope.ServiceProvider.GetRequiredService<IBrandingService>();
        using (scope.ServiceProvider.GetRequiredService<ITenancy>().BeginScope(SessionTestHost.Acme))
        {
            await Assert.ThrowsAsync<TenantIsolationException>(() => branding.SetAsync(SessionTestHost.Globex.Id, "#ff0000", null, "Owned"));
            await Assert.ThrowsAsync<TenantIsolationException>(() => branding.SetLogoAsync(SessionTestHost.Globex.Id, AcmeLogo));
            Assert.Equal("Acme's own", (await branding.SetAsync(SessionTestHost.Acme.Id, "#00ff00", null, "Acme's own")).Title);
        }

        Assert.Null((await branding.ResolveAsync(SessionTestHost.Globex)).Title);
    }

    [Fact]
    public async Task Show_the_label_in_the_session()
    {
        var mia = await _host.SignInAsync(SessionTestHost.Mia);
        await UploadAsync(mia, MspLogo);

        var session = await (await _host.SendAsync(HttpMethod.Get, "/hub/session", await _host.SignInAsync(SessionTestHost.Alice, SessionTestHost.Acme)))
            .Content.ReadFromJsonAsync<SessionInfo>();

        Assert.Equal(Sha256(MspLogo), session!.Branding!.LogoSha256);
        Assert.Equal($"/hub/logos/{Sha256(MspLogo)}", session.Branding.LogoUrl);
    }
}
