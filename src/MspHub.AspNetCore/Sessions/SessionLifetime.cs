using Microsoft.IdentityModel.Tokens;

namespace MspHub.AspNetCore;

/// <summary>
/// A token's lifetime checked by the clock it was issued by. The stock check reads the system clock, so on a host
/// with a <see cref="TimeProvider"/> of its own (a test's fake clock) tokens would be refused as not yet valid, or
/// never expire. Only such a host gets this check; on the system clock the stock one runs. The same failures, with
/// the same exception types, so the JwtBearer handler reports them as it reports its own.
/// </summary>
internal static class SessionLifetime
{
    public static LifetimeValidator? For(TimeProvider time) =>
        time == TimeProvider.System ? null : (notBefore, expires, token, parameters) => Validate(time.GetUtcNow().UtcDateTime, notBefore, expires, parameters);

    // The stock check's rules, which IdentityModel applies only when no validator is set: none when ValidateLifetime is
    // off (a host reading an expired token to refresh it), a missing expiry refused only when RequireExpirationTime is on.
    private static bool Validate(DateTime now, DateTime? notBefore, DateTime? expires, TokenValidationParameters parameters)
    {
        if (!parameters.ValidateLifetime)
        {
            return true;
        }

        if (expires is null && parameters.RequireExpirationTime)
        {
            throw new SecurityTokenNoExpirationException("The token has no expiration time.");
        }

        if (notBefore is { } starts && expires is { } ends && starts > ends)
        {
            throw new SecurityTokenInvalidLifetimeException($"The token's lifetime is invalid: it starts ({starts:O}) after it ends ({ends:O}).")
            {
                NotBefore = starts,
                Expires = ends,
            };
        }

        if (notBefore is { } start && start > now + parameters.ClockSkew)
        {
            throw new SecurityTokenNotYetValidException($"The token is not yet valid: it starts at {start:O}, and the time is {now:O}.") { NotBefore = start };
        }

        return expires is not { } end || end >= now - parameters.ClockSkew
            ? true
            : throw new SecurityTokenExpiredException($"The token expired at {end:O}; the time is {now:O}.") { Expires = end };
    }
}
