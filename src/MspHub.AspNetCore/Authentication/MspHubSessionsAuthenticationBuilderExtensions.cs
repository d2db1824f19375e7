using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace MspHub.AspNetCore;

/// <summary>Adds MspHub's session tokens to ASP.NET Core authentication.</summary>
public static class MspHubSessionsAuthenticationBuilderExtensions
{
    /// <summary>
    /// Authenticates the session tokens <see cref="ISessionTokens"/> issues with the stock JwtBearer handler
    /// (scheme <paramref name="scheme"/>, validated by <see cref="ISessionTokens.ValidationParameters"/>), and
    /// makes <see cref="MspHubAuthenticationDefaults.AuthenticationScheme"/> the default scheme unless the host
    /// named one: with <c>AddMspHubApiKeys()</c> as well, a request presenting an API key is authenticated by the
    /// key and every other request by its session token. Needs <c>AddJwtSessions</c> on the hub.
    /// Every session token's freshness is checked as it is validated, on every authenticated request, whether or
    /// not a tenant is named: a token issued before its user's access changed (demoted, deactivated, removed)
    /// fails authentication, and a challenge answers 401 ProblemDetails <c>session-outdated</c>. Inbound claims
    /// keep the tokens' names (<c>sub</c>, <c>name</c>, <c>role</c>), so <c>RequireRole</c> works. Events the host
    /// sets on the same options run first.
    /// </summary>
    /// <example>
    /// <code>
    /// builder.Services.AddAuthentication()   // no default of its own: MspHub's composite becomes the default
    ///     .AddMspHubSessions()
    ///     .AddMspHubApiKeys();
    /// </code>
    /// </example>
    public static AuthenticationBuilder AddMspHubSessions(this AuthenticationBuilder builder, string scheme = JwtBearerDefaults.AuthenticationScheme)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(scheme);
        builder.AddJwtBearer(scheme, _ => { });
        builder.Services.AddOptions<JwtBearerOptions>(scheme).Configure<ISessionTokens>((options, tokens) =>
        {
            options.TokenValidationParameters = tokens.ValidationParameters;
            options.MapInboundClaims = false; // the tokens' own claim names (sub, name, role) are the ones the parameters name
            options.Events ??= new JwtBearerEvents();
            var validated = options.Events.OnTokenValidated;
            var challenge = options.Events.OnChallenge;
            options.Events.OnTokenValidated = async context =>
            {
                await validated(context).ConfigureAwait(false);
                if (context.Result is not null || context.Principal is not { } principal)
                {
                    return;
                }

                // Signed with MspHub's key but without a user id and access version it can read: nothing could ever tell
                // such a token outdated, so it is no session token.
                if (SessionClaims.Of(principal) is not { UserId: { } userId, AccessVersion: { } presented })
                {
                    context.Fail("The session token carries no user id or access version.");
                    return;
                }

                if (context.HttpContext.RequestServices.GetService<IPermissionEvaluator>() is { } evaluator
                    && await SessionFreshness.IsOutdatedAsync(principal, userId, presented, evaluator, context.HttpContext.RequestAborted).ConfigureAwait(false))
                {
                    SessionFreshness.MarkOutdated(context.HttpContext, principal);
                    context.Fail("The session token was issued before its user's access changed.");
                }
            };
            options.Events.OnChallenge = async context =>
            {
                if (SessionFreshness.WasOutdated(context.HttpContext))
                {
                    context.HandleResponse();
                    await SessionFreshness.Problem(context.HttpContext).ExecuteAsync(context.HttpContext).ConfigureAwait(false);
                    return;
                }

                await challenge(context).ConfigureAwait(false);
            };
        });
        MspHubSchemes.AddSessions(builder, scheme);
        return builder;
    }
}
