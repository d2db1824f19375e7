using System.Security.Claims;
using MspHub.AspNetCore;

namespace MspHub.AspNetCore.Tests.Sessions;

/// <summary>
/// The entry check reads the caller's user id and access version in one walk over the claims; each must be what
/// <see cref="ClaimsPrincipal.FindFirst(string)"/> finds, whatever the principal holds.
/// </summary>
public sealed class SessionClaimsShould
{
    private static readonly Guid First = Guid.NewGuid();
    private static readonly Guid Second = Guid.NewGuid();

    [Fact]
    public void Read_the_first_subject_and_access_version_across_identities()
    {
        var principal = new ClaimsPrincipal(
        [
            new ClaimsIdentity([new Claim("name", "alice"), new Claim("SUB", First.ToString()), new Claim(MspHubClaimTypes.AccessVersion, "7")], "Bearer"),
            new ClaimsIdentity([new Claim("sub", Second.ToString()), new Claim(MspHubClaimTypes.AccessVersion, "9")], "Other"),
        ]);

        var claims = SessionClaims.Of(principal);

        Assert.Equal(First, claims.UserId);
        Assert.Equal(7, claims.AccessVersion);
        Assert.Equal(Guid.Parse(principal.FindFirstValue("sub")!), claims.UserId);
    }

    [Fact]
    public void Fall_back_to_the_name_identifier_only_when_there_is_no_subject()
    {
        var withoutSubject = Principal(new Claim(ClaimTypes.NameIdentifier, First.ToString()));
        var withBoth = Principal(new Claim(ClaimTypes.NameIdentifier, First.ToString()), new Claim("sub", Second.ToString()));
        var unreadableSubject = Principal(new Claim("sub", "not-a-guid"), new Claim(ClaimTypes.NameIdentifier, First.ToString()));

        Assert.Equal(First, SessionClaims.Of(withoutSubject).UserId);
        Assert.Equal(Second, SessionClaims.Of(withBoth).UserId);
        Assert.Null(SessionClaims.Of(unreadableSubject).UserId);
    }

    [Fact]
    public void Read_a_principal_that_keeps_its_identities_and_claims_in_no_list()
    {
        var principal = new UnlistedPrincipal(new UnlistedIdentity([new Claim("sub", First.ToString()), new Claim(MspHubClaimTypes.AccessVersion, "3")]));

        var claims = SessionClaims.Of(principal);

        Assert.Equal(First, claims.UserId);
        Assert.Equal(3, claims.AccessVersion);
    }

    [Fact]
    public void Read_nothing_from_an_anonymous_principal_or_an_unreadable_version()
    {
        var anonymous = new ClaimsPrincipal(new ClaimsIdentity([new Claim("sub", First.ToString()), new Claim(MspHubClaimTypes.AccessVersion, "1")]));
        var unreadableVersion = Principal(new Claim("sub", First.ToString()), new Claim(MspHubClaimTypes.AccessVersion, "1.5"));

        Assert.Equal(default, SessionClaims.Of(anonymous));
        Assert.Null(SessionClaims.Of(unreadableVersion).AccessVersion);
        Assert.Equal(First, SessionClaims.Of(unreadableVersion).UserId);
    }

    [Fact]
    public void Find_any_claim_type_as_find_first_does()
    {
        var principal = new ClaimsPrincipal(
        [
            new ClaimsIdentity([new Claim("name", "alice"), new Claim("Tenant_Id", "first")], "Bearer"),
            new ClaimsIdentity([new Claim(MspHubClaimTypes.TenantId, "second"), new Claim("team", "ops")], "Other"),
        ]);
        var unlisted = new UnlistedPrincipal(new UnlistedIdentity([new Claim(MspHubClaimTypes.TenantId, "only")]));

        foreach (var type in new[] { MspHubClaimTypes.TenantId, "team", "NAME", "missing" })
        {
            Assert.Equal(principal.FindFirstValue(type), SessionClaims.FirstValue(principal, type));
        }

        Assert.Equal("only", SessionClaims.FirstValue(unlisted, MspHubClaimTypes.TenantId));
        Assert.Null(SessionClaims.FirstValue(unlisted, "team"));
    }

    private static ClaimsPrincipal Principal(params Claim[] claims) => new(new ClaimsIdentity(claims, "Bearer"));

    // Identities and claims handed out as plain sequences: the walk copies them and reads the same claims.
    private sealed class UnlistedPrincipal(ClaimsIdentity identity) : ClaimsPrincipal(identity)
    {
        public override IEnumerable<ClaimsIdentity> Identities => base.Identities.Select(i => i);
    }

    private sealed class UnlistedIdentity(IEnumerable<Claim> claims) : ClaimsIdentity(claims, "Bearer")
    {
        public override IEnumerable<Claim> Claims => base.Claims.Select(c => c);
    }
}
