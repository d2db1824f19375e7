using Microsoft.Extensions.DependencyInjection;

namespace MspHub.Abstractions.Tests;

/// <summary>Builds a service provider the way a host does, with MspHub configured by the test.</summary>
internal static class Hub
{
    public static ServiceProvider Build(Action<MspHubBuilder> configure, Action<IServiceCollection>? services = null)
    {
        var collection = new ServiceCollection();
        services?.Invoke(collection);
        collection.AddMspHub(configure);
        return collection.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    public static ITenancy Tenancy() => Build(hub => hub.AddInMemoryTenantStore()).GetRequiredService<ITenancy>();
}
