namespace MspHub.AspNetCore;

/// <summary>The token being issued, as <see cref="IJwtClaimsContributor"/>s see it.</summary>
public sealed class JwtClaimsContext
{
    internal JwtClaimsContext(HubUser user, Tenant? tenant, Dictionary<string, object> claims, IServiceProvider services)
    {
        User = user;
        Tenant = tenant;
        Claims = claims;
        Services = services;
    }

    /// <summary>The user the token is for.</summary>
    public HubUser User { get; }

    /// <summary>The tenant the token makes active, or <see langword="null"/> for a token with no tenant.</summary>
    public Tenant? Tenant { get; }

    /// <summary>
    /// The claims so far, by name; a value is a string, a number, a boolean or a list of strings (what a JWT's JSON
    /// carries and the JwtBearer handler reads back), and any other value refuses to issue the token. The
    /// registered claims (<c>iss</c>, <c>aud</c>, <c>exp</c>, <c>nbf</c>, <c>iat</c>), <c>auth_time</c> (the user's
    /// last interactive sign-in, which L3 operations trust) and the claims every request is checked by (<c>sub</c>,
    /// <c>jti</c>, <c>access_ver</c>, <c>tenant_id</c>, <c>tenant_slug</c>) are set by MspHub and cannot be changed here.
    /// </summary>
    public IDictionary<string, object> Claims { get; }

    /// <summary>
    /// The services of the scope the token is issued in, where MspHub read the user and checked entry: resolve
    /// scoped services (a <c>DbContext</c>, <see cref="IBrandingService"/>) from here rather than opening a scope of
    /// your own. The scope ends when the token is issued.
    /// </summary>
    public IServiceProvider Services { get; }
}
