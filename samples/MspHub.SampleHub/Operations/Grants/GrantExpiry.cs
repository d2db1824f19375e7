using System.Globalization;

namespace MspHub.SampleHub.Operations.Grants;

/// <summary>Reads a grant's expiry as a date-time field sends it, in UTC, and writes it back the same way.</summary>
public static class GrantExpiry
{
    private static readonly string[] Formats = ["yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd HH:mm", "yyyy-MM-dd HH:mm:ss"];

    /// <summary>The expiry typed for <paramref name="tenant"/>; <see langword="null"/> when empty (a grant until revoked).</summary>
    public static DateTimeOffset? Parse(string? typed, Tenant tenant, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(typed))
        {
            return null;
        }

        if (!DateTime.TryParseExact(typed.Trim(), Formats, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var at))
        {
            throw new ArgumentException($"The expiry for {tenant.Name}, '{typed}', is not a date and time; write it as 2026-12-31T18:00 (UTC).");
        }

        var expiry = new DateTimeOffset(at, TimeSpan.Zero);
        return expiry > now ? expiry : throw new ArgumentException($"The expiry for {tenant.Name} has passed; choose a time in the future or leave it empty for no expiry.");
    }

    /// <summary>The value a date-time field shows for <paramref name="expiry"/>, to the second.</summary>
    public static string Format(DateTimeOffset? expiry) =>
        expiry is { } at ? at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture) : "";
}
