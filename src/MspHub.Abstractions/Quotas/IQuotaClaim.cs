namespace MspHub;

/// <summary>
/// Quota counted inside a transaction that is still open: save the item it guards, then commit. Disposing
/// without committing rolls the count back with everything else in the transaction. When the caller had
/// already opened the transaction, the claim neither commits nor rolls it back: the caller's transaction decides.
/// </summary>
public interface IQuotaClaim : IAsyncDisposable
{
    /// <summary>Commits the transaction the claim opened, making the count and the saved item permanent together.</summary>
    Task CommitAsync(CancellationToken cancellationToken = default);
}
