namespace MspHub;

/// <summary>
/// Walks a chain in sequence order and reports the first record that breaks it, and how. Each record must hash to its
/// stored hash and name the previous record's hash; the last one must be the stored head. The kind of break is told
/// apart by what still verifies: a record that hashes correctly under another sequence number was moved; one that
/// would be valid one place earlier, chained to the record before its predecessor, shows that predecessor was inserted.
/// </summary>
internal static class AuditChainVerifier
{
    public static async Task<AuditVerification> VerifyAsync(
        IAuditStore store, Guid? tenantId, long fromSequence, long? toSequence, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(fromSequence);
        if (toSequence < fromSequence)
        {
            throw new ArgumentOutOfRangeException(nameof(toSequence), toSequence, "The range ends before it starts.");
        }

        var head = await store.GetHeadAsync(tenantId, cancellationToken).ConfigureAwait(false);
        string previous = AuditHash.Genesis, beforePrevious = "";
        if (fromSequence > 1)
        {
            // The record before the range is taken as it is: verifying from the middle trusts what came before.
            AuditRecord? anchor = null;
            await foreach (var record in store.ReadAsync(tenantId, fromSequence - 1, fromSequence - 1, cancellationToken).ConfigureAwait(false))
            {
                anchor = record;
            }

            if (anchor is null)
            {
                return Bad(tenantId, 0, AuditChainProblem.Missing, fromSequence - 1, "The record before the range is missing, so the range has nothing to chain to.");
            }

            (previous, beforePrevious) = (anchor.Hash, anchor.PreviousHash);
        }

        long expected = fromSequence, read = 0;
        await foreach (var record in store.ReadAsync(tenantId, fromSequence, toSequence, cancellationToken).ConfigureAwait(false))
        {
            read++;
            if (record.Sequence > expected)
            {
                return Bad(tenantId, read, AuditChainProblem.Missing, expected, $"Records {expected} to {record.Sequence - 1} are missing.");
            }

            if (HashAt(record, record.Sequence) != record.Hash)
            {
                if (record.PreviousHash == beforePrevious && HashAt(record, expected - 1) == record.Hash)
                {
                    return Bad(tenantId, read, AuditChainProblem.Inserted, expected - 1, $"Record {expected - 1} was inserted: the record after it belongs in its place.");
                }

                var bound = Math.Max(Math.Max(head.Sequence, toSequence ?? 0), record.Sequence) + 1;
                for (var other = 1L; other <= bound; other++)
                {
                    if (other != record.Sequence && HashAt(record, other) == record.Hash)
                    {
                        return Bad(tenantId, read, AuditChainProblem.Reordered, expected, $"Record {expected} was moved here; it was written as record {other}.");
                    }
                }

                return Bad(tenantId, read, AuditChainProblem.ContentChanged, expected, $"Record {expected} does not hash to its stored hash: its content was changed.");
            }

            if (record.PreviousHash != previous)
            {
                return record.PreviousHash == beforePrevious
                    ? Bad(tenantId, read, AuditChainProblem.Inserted, expected - 1, $"Record {expected - 1} was inserted: record {expected} is chained to the record before it.")
                    : Bad(tenantId, read, AuditChainProblem.ContentChanged, expected - 1, $"Record {expected - 1} was rewritten: record {expected} was chained to a different hash.");
            }

            (beforePrevious, previous) = (previous, record.Hash);
            expected++;
        }

        var last = expected - 1;
        if (toSequence is { } to && to <= head.Sequence && last < to)
        {
            return Bad(tenantId, read, AuditChainProblem.Missing, expected, $"Records {expected} to {to} are missing.");
        }

        if (toSequence is null || toSequence >= head.Sequence)
        {
            if (last < head.Sequence)
            {
                return Bad(tenantId, read, AuditChainProblem.Truncated, expected, $"The chain ends at record {last}, but its head is record {head.Sequence}: the records after {last} were removed.");
            }

            if (last > head.Sequence && head.Sequence >= fromSequence - 1)
            {
                return Bad(tenantId, read, AuditChainProblem.Inserted, head.Sequence + 1, $"Records after the head ({head.Sequence}) were inserted.");
            }

            if (last == head.Sequence && last >= fromSequence && previous != head.Hash)
            {
                return Bad(tenantId, read, AuditChainProblem.ContentChanged, last, $"Record {last} was rewritten: it does not match the chain head.");
            }
        }

        return new AuditVerification(tenantId, read, AuditChainProblem.None, null, null);
    }

    // The record's hash were it at this position; null when a stored field cannot be encoded (a previous hash edited
    // into something that is not 32 bytes of hex), which is a changed record too.
    private static string? HashAt(AuditRecord record, long sequence)
    {
        try
        {
            return AuditHash.Compute(record with { Sequence = sequence });
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static AuditVerification Bad(Guid? tenantId, long read, AuditChainProblem problem, long sequence, string message) =>
        new(tenantId, read, problem, sequence, message);
}
