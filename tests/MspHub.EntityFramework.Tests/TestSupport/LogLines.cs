using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Testing;

namespace MspHub.EntityFramework.Tests;

/// <summary>
/// Every log line a node wrote through <c>AddFakeLogging()</c>, as a sink would format it (level, category, event id,
/// message, exception), for tests that prove what logs say and what they never hold.
/// </summary>
public static class LogLines
{
    public static IReadOnlyCollection<string> Of(IServiceProvider services) =>
        [.. services.GetFakeLogCollector().GetSnapshot().Select(r => $"{r.Level} {r.Category}[{r.Id.Id}] {r.Message} {r.Exception}")];
}
