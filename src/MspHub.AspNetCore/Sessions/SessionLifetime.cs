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
        time == TimeProvider.System ? null : (notBefore, expires, token, parameters) => Validate(time.GetUtcNow().UtcDateTime, notBefore, expires, parameters.ClockSkew);

    private static bool Validate(DateTime now, DateTime? notBefore, DateTime? expires, TimeSpan skew)
    {
        if (expires is not { } ends)
        {
            throw new SecurityTokenNoExpirationException("The token has no expiration time.");
        }

        if (notBefore is { } starts && starts > ends)
        {
            throw new SecurityTokenInvalidLifetimeException($"The token's lifetime is invalid: it starts ({starts:O}) after it ends ({ends:O}).")
            {
                NotBefore = starts,
                Expires = ends,
            };
        }

        if (notBefore is { } start && start > now + skew)
        {
            throw new SecurityTokenNotYetValidException($"The token is not yet valid: it starts at {start:O}, and the time is {now:O}.") { NotBefore = start };
        }

        return ends >= now - skew
            ? true
            : throw new SecurityTokenExpiredException($"The token expired at {ends:O}; the time is {now:O}.") { Expires = ends };
    }
}
