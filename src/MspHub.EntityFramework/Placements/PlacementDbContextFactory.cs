using Microsoft.EntityFrameworkCore;

namespace MspHub.EntityFramework;

/// <summary>
/// The host's context factory (plain or pooled) with every context it hands out cleared of a previous lease's
/// route, so the context connects to the placement of the tenant in scope when it is used.
/// </summary>
internal sealed class PlacementDbContextFactory<TData>(IDbContextFactory<TData> inner) : IDbContextFactory<TData>
    where TData : DbContext
{
    public TData CreateDbContext()
    {
        var context = inner.CreateDbContext();
        PlacementRouter.Reset(context);
        return context;
    }

    public async Task<TData> CreateDbContextAsync(CancellationToken cancellationToken = default)
    {
        var context = await inner.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        PlacementRouter.Reset(context);
        return context;
    }
}
