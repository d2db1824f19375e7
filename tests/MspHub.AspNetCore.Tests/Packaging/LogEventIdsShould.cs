using System.Reflection;
using Microsoft.Extensions.Logging;

namespace MspHub.AspNetCore.Tests.Packaging;

/// <summary>
/// Every log event MspHub writes has an id of its own across the packages, so an operator's filter or alert on an id
/// (the docs name them) catches exactly one kind of event.
/// </summary>
public sealed class LogEventIdsShould
{
    [Fact]
    public void Be_unique_across_the_packages()
    {
        Assembly[] packages = [typeof(ITenancy).Assembly, typeof(MspHubProblemTypes).Assembly, typeof(MspHub.EntityFramework.MspHubModelBuilderExtensions).Assembly, typeof(MspHub.Licensing.ILicensing).Assembly];
        var events = packages
            .SelectMany(a => a.GetTypes())
            .SelectMany(t => t.GetMethods(BindingFlags.Static | BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            .Select(m => (Method: m, Event: m.GetCustomAttribute<LoggerMessageAttribute>()))
            .Where(m => m.Event is not null)
            .ToList();

        var shared = events.GroupBy(m => m.Event!.EventId).Where(g => g.Count() > 1)
            .Select(g => $"{g.Key}: {string.Join(", ", g.Select(m => $"{m.Method.DeclaringType!.Name}.{m.Method.Name}"))}").ToList();

        Assert.All(packages, package => Assert.Contains(events, e => e.Method.DeclaringType!.Assembly == package));
        Assert.Empty(shared);
    }
}
