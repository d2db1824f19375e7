using System.Globalization;
using System.Security.Claims;

namespace MspHub.AspNetCore;

/// <summary>
/// The one place that reads when a person last signed in interactively (<see cref="OperationGateDefaults.AuthTimeClaim"/>,
/// seconds since the Unix epoch) from their claims. Only authenticated identities count: a claim is trusted only as far
/// as the scheme that validated it, and an identity no scheme authenticated proves nothing.
/// </summary>
internal static class SignInTime
{
    /// <summary>The sign-in time <paramref name="principal"/>'s authenticated identities carry; <see langword="null"/> when none carries a valid one.</summary>
    public static DateTimeOffset? Of(ClaimsPrincipal principal) =>
        principal.Identities
            .Where(identity => identity.IsAuthenticated)
            .Select(identity => identity.FindFirst(OperationGateDefaults.AuthTimeClaim)?.Value)
            .FirstOrDefault(value => value is not null) is { } text
        && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
        && seconds <= DateTimeOffset.MaxValue.ToUnixTimeSeconds()
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : null;
}
