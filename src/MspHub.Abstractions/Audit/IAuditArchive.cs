namespace MspHub;

/// <summary>
/// Where archived audit records go before retention prunes them, and where a deleted tenant's chain goes: a folder
/// (<see cref="AuditRetentionOptions.ArchiveFolder"/>, the default), object storage or a WORM bucket the host provides.
/// MspHub writes the archive (a JSON Lines export that verifies offline with <see cref="AuditExportVerifier"/>) and
/// computes its SHA-256 itself, so a sink only stores bytes and says where they went.
/// </summary>
public interface IAuditArchive
{
    /// <summary>
    /// Creates one archive for <paramref name="range"/>, calls <paramref name="write"/> with a stream to fill, and
    /// returns once the bytes are stored durably. An exception stops retention before anything is pruned.
    /// </summary>
    /// <param name="range">The chain and the records the archive holds.</param>
    /// <param name="write">Writes the archive's bytes to the stream it is given.</param>
    /// <param name="cancellationToken">Stops the write.</param>
    /// <returns>Where the archive is, as an operator finds it again (a file name, an object key); at most 512 characters.</returns>
    Task<string> WriteAsync(AuditArchiveRange range, Func<Stream, CancellationToken, Task> write, CancellationToken cancellationToken = default);
}
