using Microsoft.EntityFrameworkCore.Storage;

namespace MspHub.EntityFramework;

/// <summary>
/// The transaction a store operation runs in: its own when the context has none, or the caller's, which it
/// joins. Only an owned transaction is committed or rolled back here; a joined one is the caller's to finish,
/// so several store operations (provisioning a tenant, say) can be one unit.
/// </summary>
internal sealed class StoreTransaction(IDbContextTransaction? owned) : IQuotaClaim
{
    /// <summary>Whether this operation began the transaction (rather than joining the caller's).</summary>
    public bool IsOwned => owned is not null;

    public Task CommitAsync(CancellationToken cancellationToken = default) => owned?.CommitAsync(cancellationToken) ?? Task.CompletedTask;

    public Task RollbackAsync(CancellationToken cancellationToken = default) => owned?.RollbackAsync(cancellationToken) ?? Task.CompletedTask;

    public ValueTask DisposeAsync() => owned?.DisposeAsync() ?? default;
}
