using System.Collections.ObjectModel;
using System.Text;
using System.Text.Json;

namespace MspHub;

/// <summary>
/// Checks a JSON Lines export (<see cref="AuditExportFormat.JsonLines"/>) without the database, with the same record
/// encoding and checkpoint signatures as <see cref="IAuditLog.VerifyAsync(Guid?, long, long?, CancellationToken)"/>, so an auditor, a customer or the
/// <c>msphub audit verify</c> command can trust an export only as far as it verifies. Reads line by line, at constant memory.
/// </summary>
public static class AuditExportVerifier
{
    /// <summary>
    /// Reads <paramref name="export"/> to its end (or to the first problem) and reports the first bad line and why:
    /// a record changed, missing, inserted or moved, the export cut short, a checkpoint forged, signed by a key not
    /// trusted, or not following the one before it.
    /// </summary>
    /// <param name="export">The export, positioned at its first line; left open.</param>
    /// <param name="trustedPublicKeys">
    /// The public keys (ECDSA P-256, PEM <c>-----BEGIN PUBLIC KEY-----</c>) checkpoints may be signed with, obtained
    /// from the host's operator rather than from the export. A key line of the export is used only when its key is one
    /// of these, so keys swapped into an export verify nothing.
    /// </param>
    /// <param name="cancellationToken">Stops the check.</param>
    /// <exception cref="ArgumentException">A trusted key is not an ECDSA P-256 key in PEM.</exception>
    public static Task<AuditExportVerification> VerifyAsync(Stream export, IEnumerable<string> trustedPublicKeys, CancellationToken cancellationToken = default) =>
        VerifyAsync(export, trustedPublicKeys, tailLimits: null, cancellationToken);

    /// <summary>
    /// Checks an export like <see cref="VerifyAsync(Stream, IEnumerable{string}, CancellationToken)"/>, and also holds the
    /// records after its last checkpoint to the host's checkpoint policy: at least <see cref="AuditTailLimits.EveryRecords"/>
    /// of them, or one stamped more than <see cref="AuditTailLimits.Every"/> and the grace after that checkpoint, is
    /// <see cref="AuditChainProblem.UnsignedTail"/>; and in an export that runs to the time it was taken (no <c>to</c>, or
    /// one after <c>exportedAt</c>), records older than that at <c>exportedAt</c> are
    /// <see cref="AuditChainProblem.CheckpointOverdue"/>. That is what finds a tail deleted and re-forged without the key.
    /// </summary>
    /// <param name="export">The export, positioned at its first line; left open.</param>
    /// <param name="trustedPublicKeys">The public keys checkpoints may be signed with, from the host's operator.</param>
    /// <param name="tailLimits">The host's policy, from its operator like the keys (an export could lie about it); <see langword="null"/> to check no tail.</param>
    /// <param name="cancellationToken">Stops the check.</param>
    /// <exception cref="ArgumentException">A trusted key is not an ECDSA P-256 key in PEM.</exception>
    public static async Task<AuditExportVerification> VerifyAsync(
        Stream export, IEnumerable<string> trustedPublicKeys, AuditTailLimits? tailLimits, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(export);
        ArgumentNullException.ThrowIfNull(trustedPublicKeys);
        var trusted = AuditKeyRing.Fingerprints(trustedPublicKeys);

        // A UTF-8 byte order mark (Windows tools add one) is the encoding's preamble, which the reader skips; no other encoding is guessed.
        using var reader = new StreamReader(export, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true, throwOnInvalidBytes: true), detectEncodingFromByteOrderMarks: false, leaveOpen: true);
        var state = new State { Limits = tailLimits };
        try
        {
            return await ReadAsync(reader, trusted, state, cancellationToken).ConfigureAwait(false);
        }
        catch (DecoderFallbackException)
        {
            return state.Bad(AuditChainProblem.Malformed, null, "The line is not UTF-8.");
        }
        finally
        {
            state.Keys?.Dispose();
        }
    }

    private static async Task<AuditExportVerification> ReadAsync(StreamReader reader, HashSet<string> trusted, State state, CancellationToken cancellationToken)
    {
        var offered = new List<(string, string)>();
        long first = 0, last = 0;
        (AuditCheckpoint Checkpoint, long Line)? pending = null;
        var lines = new LineReader(reader);
        while (await lines.ReadAsync(cancellationToken).ConfigureAwait(false) is { } text)
        {
            state.Line++;
            using var line = Parse(text);
            var type = line is null ? null : Text(line.RootElement, "type");
            if (state.Line == 1)
            {
                if (type != "header" || !Documented(line!.RootElement, HeaderFields) || Text(line.RootElement, "format") != AuditJsonLines.Format || !TryId(line.RootElement, "tenantId", out state.TenantId)
                    || !TryNumber(line.RootElement, "firstSequence", out var from) || !TryNumber(line.RootElement, "lastSequence", out var to)
                    || (from, to) is not ((null, null) or (>= 1, not null)) || from > to)
                {
                    return state.Bad(AuditChainProblem.Malformed, null, $"The first line is not an export header of format '{AuditJsonLines.Format}' (with firstSequence and lastSequence both null, or 1 or more and in order).");
                }

                // 0 for an export that says it holds no records, which a record line then contradicts.
                (first, last) = (from ?? 0, to ?? 0);
                if (state.Limits is { } limits)
                {
                    if (!AuditJsonLines.TryParseTime(Text(line.RootElement, "exportedAt"), out var exportedAt))
                    {
                        return state.Bad(AuditChainProblem.Malformed, null, "The header has no exportedAt time, which the age of the unsigned records is judged at.");
                    }

                    // Records up to the one before the first were signed by a checkpoint the export does not need to hold.
                    // A range cut before the export was taken may end in records a later checkpoint signs: their age is not judged.
                    state.Tail = new AuditTail(limits, Math.Max(first - 1, 0));
                    state.Now = AuditJsonLines.TryParseTime(Text(line.RootElement, "to"), out var until) && until < exportedAt ? null : exportedAt;
                }

                continue;
            }

            if (type == "key" && state.Keys is null && Documented(line!.RootElement, KeyFields) && Text(line.RootElement, "keyId") is { } keyId && Text(line.RootElement, "publicKey") is { } pem)
            {
                offered.Add((keyId, pem));
                continue;
            }

            state.Keys ??= AuditKeyRing.Trusting(trusted, offered);
            if (type == "record" && ToRecord(line!.RootElement, state.TenantId) is { } record)
            {
                if (first == 0)
                {
                    return state.Bad(AuditChainProblem.Malformed, null, "The header says the export holds no records (firstSequence null), yet a record line follows.", line: 1);
                }

                if ((Record(state, record, first, last, cancellationToken) ?? Feed(state, ref pending)) is { } bad)
                {
                    return bad;
                }

                state.Tail?.Record(record);
                continue;
            }

            if (type == "checkpoint" && ToCheckpoint(line!.RootElement, state.TenantId) is { } checkpoint)
            {
                if (pending is { } earlier && earlier.Checkpoint.ToSequence == checkpoint.ToSequence)
                {
                    return state.Bad(AuditChainProblem.Reordered, checkpoint.ToSequence,
                        $"Checkpoint {checkpoint.Number} follows checkpoint {earlier.Checkpoint.Number}, which already signs record {checkpoint.ToSequence}: a record has one checkpoint line, so this one is repeated or added.");
                }

                if (pending is not null || state.Walk is null || checkpoint.ToSequence != state.Walk.LastSequence)
                {
                    return checkpoint.ToSequence > (state.Walk?.LastSequence ?? first - 1)
                        ? state.Bad(AuditChainProblem.Missing, (state.Walk?.LastSequence ?? first - 1) + 1, $"Checkpoint {checkpoint.Number} signs records up to {checkpoint.ToSequence}, which are missing before it.")
                        : state.Bad(AuditChainProblem.Reordered, checkpoint.ToSequence, $"Checkpoint {checkpoint.Number} is out of place: it belongs right after record {checkpoint.ToSequence}.");
                }

                // Checked after the next record, so a record inserted before that one is named as inserted.
                pending = (checkpoint, state.Line);
                state.Tail?.Signed(checkpoint);
                continue;
            }

            return state.Bad(AuditChainProblem.Malformed, null, "The line is not a record, checkpoint or key line of the documented shape.");
        }

        if (lines.TooLong)
        {
            return state.Bad(AuditChainProblem.Malformed, null, $"The line is longer than {MaxLineLength} characters, far more than a record holds.", state.Line + 1);
        }

        if (state.Line == 0)
        {
            return state.Bad(AuditChainProblem.Malformed, null, "The export is empty: it has no header line.");
        }

        if (Feed(state, ref pending) is { } late)
        {
            return late;
        }

        var reached = state.Walk?.LastSequence ?? first - 1;
        if (first > 0 && reached < last)
        {
            return state.Bad(AuditChainProblem.Truncated, reached + 1, $"The export ends at record {reached}, but its header says it runs to record {last}: the lines after were removed.");
        }

        if (first > 0 && state.Tail?.Check(reached, state.Now) is { } stale)
        {
            return state.Bad(stale.Problem, stale.Sequence, stale.Message);
        }

        return new AuditExportVerification(state.TenantId, state.Walk?.RecordsChecked ?? 0, state.Walk?.CheckpointsChecked ?? 0, state.Walk?.SignedThrough, AuditChainProblem.None, null, null, null);
    }

    private static AuditExportVerification? Record(State state, AuditRecord record, long first, long last, CancellationToken cancellationToken)
    {
        if (state.Walk is null)
        {
            if (record.Sequence != first)
            {
                return record.Sequence > first
                    ? state.Bad(AuditChainProblem.Missing, first, $"The export starts at record {record.Sequence}, but its header says it starts at record {first}.")
                    : state.Bad(AuditChainProblem.Inserted, record.Sequence, $"Record {record.Sequence} precedes the first record the header names ({first}).");
            }

            // From the middle of a chain, the first record's link to the one before it is trusted, as in VerifyAsync, and so
            // is the first checkpoint's to the ones before it; from the chain's first record, its checkpoints start at 1.
            state.Walk = new AuditChainWalk(first, first == 1 ? AuditHash.Genesis : record.PreviousHash, "", state.Keys!, checkpointsFromFirst: first == 1);
        }

        if (record.Sequence > last && record.Sequence == state.Walk.LastSequence + 1)
        {
            return state.Bad(AuditChainProblem.Inserted, record.Sequence, $"Record {record.Sequence} lies past the last record the header names ({last}).");
        }

        return state.Walk.Record(record, cancellationToken) is { } found ? state.Bad(found.Problem, found.Sequence, found.Message) : null;
    }

    private static AuditExportVerification? Feed(State state, ref (AuditCheckpoint Checkpoint, long Line)? pending)
    {
        if (pending is not { } waiting)
        {
            return null;
        }

        pending = null;
        return state.Walk!.Checkpoint(waiting.Checkpoint) is { } found ? state.Bad(found.Problem, found.Sequence, found.Message, waiting.Line) : null;
    }

    // The fields of each line as docs/audit.md lists them. A field the format does not have (a "note" beside a record) is
    // no part of what the hash or signature covers, so a line carrying one is refused rather than read as vouched for.
    private static readonly string[] HeaderFields = ["type", "format", "tenantId", "from", "to", "firstSequence", "lastSequence", "exportedAt"];
    private static readonly string[] KeyFields = ["type", "keyId", "publicKey"];
    private static readonly string[] RecordFields =
        ["type", "sequence", "occurredAt", "actorKind", "actorId", "action", "targetType", "targetId", "outcome", "reason", "correlationId", "traceId", "detail", "previousHash", "hash"];
    private static readonly string[] CheckpointFields = ["type", "number", "fromSequence", "toSequence", "headHash", "signedAt", "keyId", "previousSignature", "signature"];

    private static bool Documented(JsonElement line, string[] fields) => line.EnumerateObject().All(p => fields.Contains(p.Name, StringComparer.Ordinal));

    // A field given twice would be read as one of its values (the default takes the last) while a reader of the file sees the other.
    private static readonly JsonDocumentOptions Strict = new() { AllowDuplicateProperties = false };

    private static JsonDocument? Parse(string text)
    {
        try
        {
            var document = JsonDocument.Parse(text, Strict);
            if (document.RootElement.ValueKind == JsonValueKind.Object && IsText(document.RootElement))
            {
                return document;
            }

            document.Dispose();
            return null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    // JSON can escape half a surrogate pair ("\udc00"), which is no text: reading such a string throws, so the line is
    // refused as malformed before any of it is read.
    private static bool IsText(JsonElement element)
    {
        try
        {
            return element.ValueKind switch
            {
                JsonValueKind.String => element.GetString() is not null,
                JsonValueKind.Object => element.EnumerateObject().All(p => p.Name is not null && IsText(p.Value)),
                JsonValueKind.Array => element.EnumerateArray().All(IsText),
                _ => true,
            };
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static AuditRecord? ToRecord(JsonElement line, Guid? tenantId)
    {
        if (!Documented(line, RecordFields) || !TryNumber(line, "sequence", out var sequence) || sequence is null || !AuditJsonLines.TryParseTime(Text(line, "occurredAt"), out var occurredAt)
            || Text(line, "actorKind") is not { } actorKind || !TryId(line, "actorId", out var actorId) || Text(line, "action") is not { } action
            || Text(line, "outcome") is not { } outcome || !line.TryGetProperty("detail", out var detailElement) || detailElement.ValueKind != JsonValueKind.Object
            || Text(line, "previousHash") is not { } previousHash || Text(line, "hash") is not { } hash
            || !TryOptional(line, "targetType", out var targetType) || !TryOptional(line, "targetId", out var targetId) || !TryOptional(line, "reason", out var reason)
            || !TryOptional(line, "correlationId", out var correlationId) || !TryOptional(line, "traceId", out var traceId))
        {
            return null;
        }

        SortedList<string, string>? detail = null;
        foreach (var entry in detailElement.EnumerateObject())
        {
            detail ??= new(StringComparer.Ordinal);
            if (entry.Value.ValueKind != JsonValueKind.String || !detail.TryAdd(entry.Name, entry.Value.GetString()!))
            {
                return null;
            }
        }

        // An unknown actor kind or outcome reads as a value the hash will not match: the line was changed, not malformed.
        return new AuditRecord
        {
            TenantId = tenantId,
            Sequence = sequence.Value,
            OccurredAt = occurredAt,
            Actor = new AuditActor(Enum.TryParse<AuditActorKind>(actorKind, out var kind) && Enum.IsDefined(kind) ? kind : (AuditActorKind)(-1), actorId),
            Action = action,
            TargetType = targetType,
            TargetId = targetId,
            Outcome = Enum.TryParse<AuditOutcome>(outcome, out var result) && Enum.IsDefined(result) ? result : (AuditOutcome)(-1),
            Reason = reason,
            CorrelationId = correlationId,
            TraceId = traceId,
            Detail = detail is null ? ReadOnlyDictionary<string, string>.Empty : detail,
            PreviousHash = previousHash,
            Hash = hash,
        };
    }

    private static AuditCheckpoint? ToCheckpoint(JsonElement line, Guid? tenantId) =>
        Documented(line, CheckpointFields) && TryNumber(line, "number", out var number) && number is not null && TryNumber(line, "fromSequence", out var from) && from is not null
        && TryNumber(line, "toSequence", out var to) && to is not null && Text(line, "headHash") is { } headHash
        && AuditJsonLines.TryParseTime(Text(line, "signedAt"), out var signedAt) && Text(line, "keyId") is { } keyId
        && Text(line, "previousSignature") is { } previousSignature && Text(line, "signature") is { } signature
            ? new AuditCheckpoint
            {
                TenantId = tenantId,
                Number = number.Value,
                FromSequence = from.Value,
                ToSequence = to.Value,
                HeadHash = headHash,
                SignedAt = signedAt,
                KeyId = keyId,
                PreviousSignature = previousSignature,
                Signature = signature,
            }
            : null;

    private static string? Text(JsonElement line, string name) =>
        line.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    // Present as a string or null; false when absent or of another kind.
    private static bool TryOptional(JsonElement line, string name, out string? text)
    {
        text = null;
        if (!line.TryGetProperty(name, out var value))
        {
            return false;
        }

        text = value.ValueKind == JsonValueKind.String ? value.GetString() : null;
        return value.ValueKind is JsonValueKind.String or JsonValueKind.Null;
    }

    private static bool TryId(JsonElement line, string name, out Guid? id)
    {
        id = null;
        if (!TryOptional(line, name, out var text))
        {
            return false;
        }

        if (text is null)
        {
            return true;
        }

        id = Guid.TryParseExact(text, "D", out var parsed) ? parsed : null;
        return id is not null;
    }

    private static bool TryNumber(JsonElement line, string name, out long? number)
    {
        number = null;
        if (!line.TryGetProperty(name, out var value))
        {
            return false;
        }

        if (value.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var parsed))
        {
            number = parsed;
            return true;
        }

        return false;
    }

    /// <summary>The longest line read, in characters: a record holds far less, and a longer line is refused before it fills memory.</summary>
    internal const int MaxLineLength = 16 * 1024 * 1024;

    // Lines end at '\n' (a '\r' before it is dropped), and none is read past MaxLineLength: the verifier's memory stays
    // bounded whatever the file holds.
    private sealed class LineReader(StreamReader reader)
    {
        private readonly char[] _buffer = new char[64 * 1024];
        private readonly StringBuilder _line = new();
        private int _start, _end;

        /// <summary>Whether reading stopped at a line longer than <see cref="MaxLineLength"/>.</summary>
        public bool TooLong { get; private set; }

        /// <summary>The next line, or <see langword="null"/> at the end of the file or at a line too long.</summary>
        public async ValueTask<string?> ReadAsync(CancellationToken cancellationToken)
        {
            _line.Clear();
            while (true)
            {
                if (_start == _end)
                {
                    (_start, _end) = (0, await reader.ReadAsync(_buffer, cancellationToken).ConfigureAwait(false));
                    if (_end == 0)
                    {
                        return _line.Length == 0 ? null : Ended();
                    }
                }

                var newline = Array.IndexOf(_buffer, '\n', _start, _end - _start);
                var stop = newline < 0 ? _end : newline;
                if (_line.Length + (stop - _start) > MaxLineLength)
                {
                    TooLong = true;
                    return null;
                }

                _line.Append(_buffer, _start, stop - _start);
                _start = stop;
                if (newline >= 0)
                {
                    _start++;
                    return Ended();
                }
            }
        }

        private string Ended() =>
            _line.Length > 0 && _line[^1] == '\r' ? _line.ToString(0, _line.Length - 1) : _line.ToString();
    }

    private sealed class State
    {
        public Guid? TenantId;
        public long Line;
        public AuditKeyRing? Keys;
        public AuditChainWalk? Walk;
        public AuditTailLimits? Limits;
        public AuditTail? Tail;
        public DateTimeOffset? Now;

        public AuditExportVerification Bad(AuditChainProblem problem, long? sequence, string message, long? line = null) =>
            new(TenantId, Walk?.RecordsChecked ?? 0, Walk?.CheckpointsChecked ?? 0, Walk?.SignedThrough, problem, line ?? Line, sequence, message);
    }
}
