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

    private bool _rolledBack;

    /// <summary>Whether the operation's steps rolled its own transaction back (which also closes the connection it opened).</summary>
    public bool RolledBack => _rolledBack;

    /// <summary>Commits an owned transaction; one its steps already rolled back stays rolled back.</summary>
    public Task CommitAsync(CancellationToken cancellationToken = default) =>
        _rolledBack ? Task.CompletedTask : owned?.CommitAsync(cancellationToken) ?? Task.CompletedTask;

    public async Task RollbackAsync(CancellationToken cancellationToken = default)
    {
        if (owned is not null)
        {
            await owned.RollbackAsync(cancellationToken).ConfigureAwait(false);
            _rolledBack = true;
        }
    }

    public ValueTask DisposeAsync() => owned?.DisposeAsync() ?? default;
}
