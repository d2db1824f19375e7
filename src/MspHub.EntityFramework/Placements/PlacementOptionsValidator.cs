using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace MspHub.EntityFramework;

/// <summary>Refuses placement settings that would route a tenant nowhere or to the wrong server, when the host starts.</summary>
internal sealed partial class PlacementOptionsValidator : IValidateOptions<MspHubPlacementOptions>
{
    public ValidateOptionsResult Validate(string? name, MspHubPlacementOptions options)
    {
        var failures = new List<string>();
        if (options.Servers.Count == 0)
        {
            failures.Add("MspHubPlacementOptions.Servers is empty: add at least one PostgreSQL server.");
        }

        foreach (var server in options.Servers)
        {
            if (!ServerName().IsMatch(server.Name))
            {
                failures.Add($"Placement server name '{server.Name}' is not valid: use 1 to 63 lowercase letters, digits and dashes.");
            }

            CheckConnectionString(server.Name, nameof(PlacementServer.ConnectionString), server.ConnectionString, failures);
            if (!string.IsNullOrEmpty(server.AdminConnectionString))
            {
                CheckConnectionString(server.Name, nameof(PlacementServer.AdminConnectionString), server.AdminConnectionString, failures);
            }
        }

        failures.AddRange(options.Servers.GroupBy(s => s.Name, StringComparer.Ordinal).Where(g => g.Count() > 1)
            .Select(g => $"Placement server name '{g.Key}' is used {g.Count()} times; names must be distinct."));

        // Two names for one database would let a move copy a tenant onto itself and purge it; moves check the server's
        // identity too, for the aliases the settings do not show (another host name for the same address).
        failures.AddRange(options.Servers.GroupBy(Target, StringComparer.OrdinalIgnoreCase).Where(g => g.Key.Length > 0 && g.Count() > 1)
            .Select(g => $"Placement servers {string.Join(", ", g.Select(s => $"'{s.Name}'"))} all connect to {g.Key}; give each name a database of its own."));
        if (options.CacheFor < TimeSpan.Zero || options.ReadOnlyRetryAfter <= TimeSpan.Zero || options.FencedRetryAfter <= TimeSpan.Zero)
        {
            failures.Add("MspHubPlacementOptions: CacheFor must not be negative, and the retry-after durations must be positive.");
        }

        if (options.MoveDrainTimeout < TimeSpan.FromMilliseconds(100) || options.MoveDrainTimeout > TimeSpan.FromDays(1))
        {
            failures.Add($"MspHubPlacementOptions.MoveDrainTimeout is {options.MoveDrainTimeout}: it must be between 100 milliseconds and a day.");
        }

        if (options.FanOutConcurrency < 1)
        {
            failures.Add($"MspHubPlacementOptions.FanOutConcurrency is {options.FanOutConcurrency}: it must be at least 1.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void CheckConnectionString(string server, string property, string value, List<string> failures)
    {
        try
        {
            if (string.IsNullOrEmpty(new NpgsqlConnectionStringBuilder(value).Database))
            {
                failures.Add($"Placement server '{server}': {property} names no Database; name the server's shared database.");
            }
        }
        catch (ArgumentException error)
        {
            failures.Add($"Placement server '{server}': {property} is not an Npgsql connection string ({error.Message}).");
        }
    }

    // Host, port and database of the server's request connection string; empty when it cannot be read (reported above).
    private static string Target(PlacementServer server)
    {
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(server.ConnectionString);
            return $"{builder.Host}:{builder.Port}/{builder.Database}";
        }
        catch (ArgumentException)
        {
            return "";
        }
    }

    [GeneratedRegex("^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$", RegexOptions.CultureInvariant)]
    private static partial Regex ServerName();
}
