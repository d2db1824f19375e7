using System.Globalization;

namespace MspHub;

/// <summary>
/// The default <see cref="IAuditArchive"/>: one JSON Lines file per range in <see cref="AuditRetentionOptions.ArchiveFolder"/>,
/// named by chain, range and a unique suffix (<c>msp-000000000001-000000001000-….jsonl</c>, or the tenant id for a
/// tenant's chain), so an archive written again for the same range (a deletion retried) never replaces the file an
/// earlier record hashed. It is written under a temporary name and renamed when complete, so a failed write never
/// leaves a file that looks whole.
/// </summary>
internal sealed class FileAuditArchive(string folder) : IAuditArchive
{
    public async Task<string> WriteAsync(AuditArchiveRange range, Func<Stream, CancellationToken, Task> write, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(range);
        ArgumentNullException.ThrowIfNull(write);
        Directory.CreateDirectory(folder);
        var name = string.Create(CultureInfo.InvariantCulture, $"{range.TenantId?.ToString("D") ?? "msp"}-{range.FromSequence:D12}-{range.ToSequence:D12}-{Guid.CreateVersion7():N}.jsonl");
        var path = Path.Combine(folder, name);
        var partial = path + ".partial";
        try
        {
            var file = new FileStream(partial, FileMode.Create, FileAccess.Write, FileShare.None, 64 * 1024, useAsync: true);
            await using (file.ConfigureAwait(false))
            {
                await write(file, cancellationToken).ConfigureAwait(false);
                await file.FlushAsync(cancellationToken).ConfigureAwait(false);
                file.Flush(flushToDisk: true);
            }

            File.Move(partial, path, overwrite: false);
            return name;
        }
        finally
        {
            File.Delete(partial);
        }
    }
}
