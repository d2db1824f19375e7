namespace MspHub;

/// <summary>The <see cref="IAuditLog"/>: stamps entries, appends them through the <see cref="IAuditStore"/>, and tells the hooks.</summary>
internal sealed class AuditLog(AuditStamp stamp, IAuditStore store, IEnumerable<IAuditHook> hooks, AuditBackgroundWriter background) : IAuditLog
{
    private readonly IAuditHook[] _hooks = [.. hooks];

    public async Task<AuditRecord?> RecordAsync(AuditEntry entry, CancellationToken cancellationToken = default) =>
        stamp.Draft(entry) is { } draft ? await AppendAsync(draft, cancellationToken).ConfigureAwait(false) : null;

    public Task<T> RecordAsync<T>(Func<CancellationToken, Task<T>> change, Func<T, AuditEntry?> describe, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(change);
        ArgumentNullException.ThrowIfNull(describe);
        return store.InTransactionAsync(
            async token =>
            {
                var result = await change(token).ConfigureAwait(false);
                if (describe(result) is { } entry)
                {
                    await RecordAsync(entry, token).ConfigureAwait(false);
                }

                return result;
            },
            cancellationToken);
    }

    public Task<AuditVerification> VerifyAsync(Guid? tenantId, long fromSequence = 1, long? toSequence = null, CancellationToken cancellationToken = default) =>
        AuditChainVerifier.VerifyAsync(store, tenantId, fromSequence, toSequence, cancellationToken);

    public Task FlushAsync(CancellationToken cancellationToken = default) => background.FlushAsync(cancellationToken);

    /// <summary>Appends a draft stamped earlier (<see cref="AuditStamp.Draft"/>) and tells the hooks.</summary>
    public async Task<AuditRecord> AppendAsync(AuditRecord draft, CancellationToken cancellationToken)
    {
        var record = await store.AppendAsync(draft, cancellationToken).ConfigureAwait(false);
        foreach (var hook in _hooks)
        {
            hook.OnRecorded(record);
        }

        return record;
    }
}
