using System.Globalization;
using System.Text.Json;

namespace MspHub;

/// <summary>
/// The JSON Lines export format, version 1: a header line, the key lines, then the record lines in sequence order, each
/// checkpoint line right after the record it signs. Every line is one JSON object with a <c>type</c>; docs/audit.md
/// describes each field. Written at constant memory, one line at a time.
/// </summary>
internal static class AuditJsonLines
{
    public const string Format = "msphub-audit-export/1";

    private const string TimeFormat = "yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'";
    private static readonly ReadOnlyMemory<byte> NewLine = "\n"u8.ToArray();

    public static string Time(DateTimeOffset time) => time.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture);

    public static bool TryParseTime(string? text, out DateTimeOffset time) =>
        DateTimeOffset.TryParseExact(text, TimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out time);

    public static async Task<AuditExportSummary> WriteAsync(
        Stream destination, Guid? tenantId, AuditExport export, (long First, long Last)? range, DateTimeOffset exportedAt,
        AuditKeyRing keys, IReadOnlyList<AuditCheckpoint> checkpoints, IAsyncEnumerable<AuditRecord> records, CancellationToken cancellationToken)
    {
        await using var json = new Utf8JsonWriter(destination);
        async Task EndLineAsync()
        {
            await json.FlushAsync(cancellationToken).ConfigureAwait(false);
            await destination.WriteAsync(NewLine, cancellationToken).ConfigureAwait(false);
            json.Reset();
        }

        json.WriteStartObject();
        json.WriteString("type", "header");
        json.WriteString("format", Format);
        WriteId(json, "tenantId", tenantId);
        WriteTime(json, "from", export.From);
        WriteTime(json, "to", export.To);
        WriteNumber(json, "firstSequence", range?.First);
        WriteNumber(json, "lastSequence", range?.Last);
        json.WriteString("exportedAt", Time(exportedAt));
        json.WriteEndObject();
        await EndLineAsync().ConfigureAwait(false);

        foreach (var (keyId, pem) in keys.PublicKeys)
        {
            json.WriteStartObject();
            json.WriteString("type", "key");
            json.WriteString("keyId", keyId);
            json.WriteString("publicKey", pem);
            json.WriteEndObject();
            await EndLineAsync().ConfigureAwait(false);
        }

        long written = 0, signed = 0;
        var next = 0;
        await foreach (var record in records.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            WriteRecord(json, record);
            await EndLineAsync().ConfigureAwait(false);
            written++;
            for (; next < checkpoints.Count && checkpoints[next].ToSequence <= record.Sequence; next++)
            {
                WriteCheckpoint(json, checkpoints[next]);
                await EndLineAsync().ConfigureAwait(false);
                signed++;
            }
        }

        await destination.FlushAsync(cancellationToken).ConfigureAwait(false);
        return new AuditExportSummary(tenantId, written, signed, range?.First, range?.Last);
    }

    private static void WriteRecord(Utf8JsonWriter json, AuditRecord record)
    {
        json.WriteStartObject();
        json.WriteString("type", "record");
        json.WriteNumber("sequence", record.Sequence);
        json.WriteString("occurredAt", Time(record.OccurredAt));
        json.WriteString("actorKind", AuditNames.Of(record.Actor.Kind));
        WriteId(json, "actorId", record.Actor.Id);
        json.WriteString("action", record.Action);
        json.WriteString("targetType", record.TargetType);
        json.WriteString("targetId", record.TargetId);
        json.WriteString("outcome", AuditNames.Of(record.Outcome));
        json.WriteString("reason", record.Reason);
        json.WriteString("correlationId", record.CorrelationId);
        json.WriteString("traceId", record.TraceId);
        json.WriteStartObject("detail");
        foreach (var (key, value) in record.Detail.OrderBy(d => d.Key, StringComparer.Ordinal))
        {
            json.WriteString(key, value);
        }

        json.WriteEndObject();
        json.WriteString("previousHash", record.PreviousHash);
        json.WriteString("hash", record.Hash);
        json.WriteEndObject();
    }

    private static void WriteCheckpoint(Utf8JsonWriter json, AuditCheckpoint checkpoint)
    {
        json.WriteStartObject();
        json.WriteString("type", "checkpoint");
        json.WriteNumber("number", checkpoint.Number);
        json.WriteNumber("fromSequence", checkpoint.FromSequence);
        json.WriteNumber("toSequence", checkpoint.ToSequence);
        json.WriteString("headHash", checkpoint.HeadHash);
        json.WriteString("signedAt", Time(checkpoint.SignedAt));
        json.WriteString("keyId", checkpoint.KeyId);
        json.WriteString("previousSignature", checkpoint.PreviousSignature);
        json.WriteString("signature", checkpoint.Signature);
        json.WriteEndObject();
    }

    private static void WriteId(Utf8JsonWriter json, string name, Guid? id)
    {
        if (id is { } value)
        {
            json.WriteString(name, value.ToString("D"));
        }
        else
        {
            json.WriteNull(name);
        }
    }

    private static void WriteTime(Utf8JsonWriter json, string name, DateTimeOffset? time)
    {
        if (time is { } value)
        {
            json.WriteString(name, Time(AuditHash.ToStoredPrecision(value)));
        }
        else
        {
            json.WriteNull(name);
        }
    }

    private static void WriteNumber(Utf8JsonWriter json, string name, long? number)
    {
        if (number is { } value)
        {
            json.WriteNumber(name, value);
        }
        else
        {
            json.WriteNull(name);
        }
    }
}
