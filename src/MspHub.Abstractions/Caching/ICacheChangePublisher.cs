namespace MspHub;

/// <summary>
/// A transport that announces cache changes after they commit, for transports that cannot join the store's
/// transaction (Redis pub/sub, say, where MspHub.Redis implements it). The EF stores hand every change to each
/// registered publisher once the transaction that made it commits, and never for one that rolls back. A node that
/// dies between the commit and the publish announces nothing: other nodes then serve the old data until their cache
/// entries expire, so hosts that rely on such a transport bound that window with the cache durations.
/// </summary>
public interface ICacheChangePublisher
{
    /// <summary>
    /// Queues <paramref name="changes"/> for the other nodes and returns at once. It runs inside the commit's
    /// completion, so it never blocks and never throws: a failure to send is the transport's to log.
    /// </summary>
    void Publish(IReadOnlyList<CacheChange> changes);
}
