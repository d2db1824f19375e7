using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace MspHub;

/// <summary>
/// The OSCAL export (<see cref="AuditExportFormat.OscalAssessmentResults"/>): one NIST OSCAL 1.0.6 assessment-results
/// document with one result for the chain and one observation per record, its chain and content fields as properties
/// in MspHub's namespace. Written with <see cref="Utf8JsonWriter"/> as records are read, at constant memory.
/// docs/audit.md gives the mapping.
/// </summary>
internal static partial class AuditOscal
{
    public const string Namespace = "https://github.com/msphub/msphub/ns/audit";
    private const int FlushBytes = 32 * 1024;

    public static async Task<AuditExportSummary> WriteAsync(
        Stream destination, Guid? tenantId, (long First, long Last)? range, DateTimeOffset exportedAt,
        IAsyncEnumerable<AuditRecord> records, CancellationToken cancellationToken)
    {
        await using var json = new Utf8JsonWriter(destination);
        await using var reading = records.WithCancellation(cancellationToken).ConfigureAwait(false).GetAsyncEnumerator();
        var any = await reading.MoveNextAsync();
        var chain = tenantId?.ToString("D") ?? "msp";

        json.WriteStartObject();
        json.WriteStartObject("assessment-results");
        json.WriteString("uuid", Guid.NewGuid());
        json.WriteStartObject("metadata");
        json.WriteString("title", $"MspHub audit log, chain {chain}");
        json.WriteString("last-modified", AuditJsonLines.Time(exportedAt));
        json.WriteString("version", AuditJsonLines.Format);
        json.WriteString("oscal-version", "1.0.6");
        json.WriteEndObject();
        json.WriteStartObject("import-ap");
        json.WriteString("href", "urn:msphub:audit-log");
        json.WriteString("remarks", "MspHub's audit log is evidence rather than the outcome of an assessment plan; the observations are its records.");
        json.WriteEndObject();
        json.WriteStartArray("results");
        json.WriteStartObject();
        json.WriteString("uuid", Guid.NewGuid());
        json.WriteString("title", $"Audit chain {chain}");
        json.WriteString("description", "The records of one MspHub audit chain, in sequence order. Verify them with the JSON Lines export of the same range, which carries the signed checkpoints.");
        json.WriteString("start", AuditJsonLines.Time(any ? reading.Current.OccurredAt : exportedAt));
        json.WriteStartArray("props");
        Prop(json, "chain", chain);
        if (range is { } run)
        {
            Prop(json, "first-sequence", run.First.ToString(CultureInfo.InvariantCulture));
            Prop(json, "last-sequence", run.Last.ToString(CultureInfo.InvariantCulture));
        }

        json.WriteEndArray();
        json.WriteStartObject("reviewed-controls");
        json.WriteStartArray("control-selections");
        json.WriteStartObject();
        json.WriteStartObject("include-all");
        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteEndArray();
        json.WriteEndObject();

        long written = 0;
        var end = exportedAt;
        if (any)
        {
            json.WriteStartArray("observations");
            do
            {
                var record = reading.Current;
                Observation(json, record, chain);
                written++;
                end = record.OccurredAt;
                if (json.BytesPending > FlushBytes)
                {
                    await json.FlushAsync(cancellationToken).ConfigureAwait(false);
                }
            }
            while (await reading.MoveNextAsync());

            json.WriteEndArray();
        }

        json.WriteString("end", AuditJsonLines.Time(end));
        json.WriteEndObject();
        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndObject();
        await json.FlushAsync(cancellationToken).ConfigureAwait(false);
        return new AuditExportSummary(tenantId, written, 0, range?.First, range?.Last);
    }

    private static void Observation(Utf8JsonWriter json, AuditRecord record, string chain)
    {
        json.WriteStartObject();
        json.WriteString("uuid", ObservationId(record.Hash));
        json.WriteString("title", record.Action);
        var target = record.TargetType is null && record.TargetId is null ? "" : $" on {record.TargetType} {record.TargetId}".TrimEnd();
        var actor = $"{record.Actor.Kind} {record.Actor.Id}".TrimEnd();
        json.WriteString("description", $"{record.Action}{target} by {actor}: {record.Outcome}.");
        json.WriteStartArray("props");
        Prop(json, "chain", chain);
        Prop(json, "sequence", record.Sequence.ToString(CultureInfo.InvariantCulture));
        Prop(json, "actor-kind", AuditNames.Of(record.Actor.Kind));
        Prop(json, "actor-id", record.Actor.Id?.ToString("D"));
        Prop(json, "action", record.Action);
        Prop(json, "target-type", record.TargetType);
        Prop(json, "target-id", record.TargetId);
        Prop(json, "outcome", AuditNames.Of(record.Outcome));
        Prop(json, "reason", record.Reason);
        Prop(json, "correlation-id", record.CorrelationId);
        Prop(json, "trace-id", record.TraceId);
        foreach (var (key, value) in record.Detail.OrderBy(d => d.Key, StringComparer.Ordinal))
        {
            Prop(json, $"detail.{key}", value);
        }

        Prop(json, "previous-hash", record.PreviousHash);
        Prop(json, "hash", record.Hash);
        json.WriteEndArray();
        json.WriteStartArray("methods");
        json.WriteStringValue("EXAMINE");
        json.WriteEndArray();
        json.WriteString("collected", AuditJsonLines.Time(record.OccurredAt));
        json.WriteEndObject();
    }

    // OSCAL property values are non-empty single-line strings without surrounding white space; any other value is
    // written as a JSON string literal, marked with the class "json-quoted", so nothing is lost or ambiguous.
    private static void Prop(Utf8JsonWriter json, string name, string? value)
    {
        if (value is null)
        {
            return;
        }

        json.WriteStartObject();
        json.WriteString("name", name);
        json.WriteString("ns", Namespace);
        if (OscalString().IsMatch(value))
        {
            json.WriteString("value", value);
        }
        else
        {
            json.WriteString("value", JsonSerializer.Serialize(value));
            json.WriteString("class", "json-quoted");
        }

        json.WriteEndObject();
    }

    // The same record always gets the same observation id: its hash's first 16 bytes, marked as an RFC 4122 version 4
    // (pseudo-random) UUID, which is what OSCAL accepts.
    private static Guid ObservationId(string hash)
    {
        Span<byte> bytes = stackalloc byte[16];
        Convert.FromHexString(hash.AsSpan(0, 32), bytes, out _, out _);
        bytes[6] = (byte)((bytes[6] & 0x0f) | 0x40);
        bytes[8] = (byte)((bytes[8] & 0x3f) | 0x80);
        return new Guid(bytes, bigEndian: true);
    }

    [GeneratedRegex(@"^\S(.*\S)?$")]
    private static partial Regex OscalString();
}
