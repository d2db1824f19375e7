using Microsoft.Extensions.DependencyInjection;

namespace MspHub.EntityFramework.Tests;

/// <summary>A suite over a fresh <see cref="TestHub"/> with one service scope, as a request would have.</summary>
public abstract class ScopedHubSuite(DatabaseProvider provider) : IAsyncLifetime
{
    protected TestHub Hub { get; private set; } = null!;

    protected IServiceScope Scope { get; private set; } = null!;

    public virtual async Task InitializeAsync()
    {
        Hub = await TestHub.CreateAsync(provider);
        Scope = Hub.Services.CreateScope();
    }

    public async Task DisposeAsync()
    {
        Scope.Dispose();
        await Hub.DisposeAsync();
    }
}
