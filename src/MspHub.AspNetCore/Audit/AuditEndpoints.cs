using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

namespace MspHub.AspNetCore;

/// <summary>
/// The handlers behind <c>MapMspHub()</c>'s audit endpoints. They only parse the request and pick the chain: who may
/// read which chain is decided by <see cref="IAuditLog"/>'s one access check, whose refusal
/// (<see cref="AuditAccessDeniedException"/>) the endpoint filter answers with 403.
/// </summary>
internal static class AuditEndpoints
{
    private const string MspChain = "msp";

    // Outcomes, actor kinds and chain problems read as names, whatever JSON options the host set for its own endpoints.
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    public static async Task<IResult> QueryAsync(
        ClaimsPrincipal principal, ITenancy tenancy, IAuditLog audit, string? chain, string? tenant, string? actor, string? action,
        string? targetType, string? targetId, string? from, string? to, string? before, string? pageSize, CancellationToken cancellationToken)
    {
        if (ApiKeyPrincipal.AuditReaderOf(principal) is not { } reader)
        {
            return SessionEndpoints.UnknownUser();
        }

        var selected = Chain(chain, tenant, tenancy);
        if (selected.Problem is { } badChain)
        {
            return badChain;
        }

        Guid? actorId = null;
        if (actor is not null)
        {
            if (!Guid.TryParse(actor, out var parsed))
            {
                return Invalid("actor is the id of a user or API key.");
            }

            actorId = parsed;
        }

        if (!TryParseTime(from, out var fromTime) || !TryParseTime(to, out var toTime))
        {
            return Invalid("from and to are ISO 8601 times, such as 2026-11-01T00:00:00Z.");
        }

        if (!TryParseWhole(before, out var beforeSequence))
        {
            return Invalid("before is a sequence number from 1: nextBeforeSequence of the previous page.");
        }

        if (!TryParseWhole(pageSize, out var size) || size > AuditQuery.MaxPageSize)
        {
            return Invalid($"pageSize is a whole number from 1 to {AuditQuery.MaxPageSize}.");
        }

        var query = new AuditQuery
        {
            TenantId = selected.TenantId,
            ActorId = actorId,
            Action = action,
            TargetType = targetType,
            TargetId = targetId,
            From = fromTime,
            To = toTime,
            BeforeSequence = beforeSequence,
            PageSize = size is { } count ? (int)count : new AuditQuery().PageSize,
        };
        return Results.Json(await audit.QueryAsync(query, reader, cancellationToken).ConfigureAwait(false), Json);
    }

    // A range by sequence (fromSequence, toSequence) or by time (from, to exclusive), never both; none: the whole chain.
    public static async Task<IResult> VerifyAsync(
        ClaimsPrincipal principal, ITenancy tenancy, IAuditLog audit, string? chain, string? tenant,
        string? fromSequence, string? toSequence, string? from, string? to, CancellationToken cancellationToken)
    {
        if (ApiKeyPrincipal.AuditReaderOf(principal) is not { } reader)
        {
            return SessionEndpoints.UnknownUser();
        }

        var selected = Chain(chain, tenant, tenancy);
        if (selected.Problem is { } badChain)
        {
            return badChain;
        }

        if (!TryParseWhole(fromSequence, out var first) || !TryParseWhole(toSequence, out var last))
        {
            return Invalid("fromSequence and toSequence are sequence numbers from 1.");
        }

        if (!TryParseTime(from, out var fromTime) || !TryParseTime(to, out var toTime))
        {
            return Invalid("from and to are ISO 8601 times, such as 2026-11-01T00:00:00Z.");
        }

        var range = new AuditRange { FromSequence = first, ToSequence = last, From = fromTime, To = toTime };
        if (range.Problem is { } badRange)
        {
            return Invalid(badRange);
        }

        try
        {
            return Results.Json(await audit.VerifyAsync(selected.TenantId, reader, range, cancellationToken).ConfigureAwait(false), Json);
        }
        catch (ArgumentOutOfRangeException)
        {
            return Invalid("The range lies in records that retention archived and pruned: verify their archive offline instead.");
        }
    }

    // The export goes straight to the response body as the log writes it; the log refuses before the first byte, so a
    // refusal still becomes a problem rather than a cut-off download.
    public static async Task<IResult> ExportAsync(
        HttpContext http, ClaimsPrincipal principal, ITenancy tenancy, IAuditLog audit, string? chain, string? tenant, string? format,
        string? from, string? to, CancellationToken cancellationToken)
    {
        if (ApiKeyPrincipal.AuditReaderOf(principal) is not { } reader)
        {
            return SessionEndpoints.UnknownUser();
        }

        var selected = Chain(chain, tenant, tenancy);
        if (selected.Problem is { } badChain)
        {
            return badChain;
        }

        (AuditExportFormat Format, string ContentType)? exportAs = format switch
        {
            null or "jsonl" => (AuditExportFormat.JsonLines, "application/x-ndjson"),
            "oscal" => (AuditExportFormat.OscalAssessmentResults, "application/json"),
            _ => null,
        };
        if (exportAs is not { } chosen)
        {
            return Invalid("format is jsonl (JSON Lines, the default) or oscal (OSCAL assessment results).");
        }

        if (!TryParseTime(from, out var fromTime) || !TryParseTime(to, out var toTime))
        {
            return Invalid("from and to are ISO 8601 times, such as 2026-11-01T00:00:00Z.");
        }

        // A tenant's chain leaves the hub here: with operation gates on, the export is gated in that tenant (L1 by default).
        if (selected.TenantId is { } exported && http.RequestServices.GetService<IOperationGate>() is { } gate
            && await HttpGate.DecideAsync(http, gate, GateOperations.AuditExport, exported, [format, from, to]).ConfigureAwait(false) is { } gated)
        {
            return gated;
        }

        http.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        http.Response.ContentType = chosen.ContentType;
        var request = new AuditExport { TenantId = selected.TenantId, From = fromTime, To = toTime, Format = chosen.Format };
        await audit.ExportAsync(request, reader, http.Response.Body, cancellationToken).ConfigureAwait(false);
        return Results.Empty;
    }

    // ?chain=msp or ?tenant=<id> name a chain (the log refuses them to all but MSP admins, and a tenant's readers their
    // own); without either, the active tenant's.
    private static SelectedChain Chain(string? chain, string? tenant, ITenancy tenancy) => (chain, tenant) switch
    {
        (not null, not null) => new(null, Invalid("Name at most one chain: ?chain=msp or ?tenant=<tenant id>.")),
        (not null, null) when string.Equals(chain, MspChain, StringComparison.OrdinalIgnoreCase) => new(null, null),
        (not null, null) => new(null, Invalid("chain is msp, the MSP-level chain; name a tenant's with ?tenant=<tenant id>.")),
        (null, not null) => Guid.TryParse(tenant, out var id) ? new(id, null) : new(null, Invalid("tenant is a tenant id.")),
        _ => tenancy.Current.TenantId is { } active
            ? new(active, null)
            : new(null, new MspHubProblem(MspHubProblemTypes.TenantRequired, "No tenant is active: switch to one, or name a chain with ?tenant=<tenant id> or ?chain=msp.")),
    };

    private static MspHubProblem Invalid(string detail) => new(MspHubProblemTypes.InvalidRequest, detail);

    private static bool TryParseTime(string? text, out DateTimeOffset? time)
    {
        time = null;
        if (text is null)
        {
            return true;
        }

        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
        {
            return false;
        }

        time = parsed;
        return true;
    }

    // A count or sequence number: absent is null; present must be a whole number from 1.
    private static bool TryParseWhole(string? text, out long? value)
    {
        value = null;
        if (text is null)
        {
            return true;
        }

        if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) || parsed < 1)
        {
            return false;
        }

        value = parsed;
        return true;
    }

    /// <summary>The chain a request names, or why it names none.</summary>
    private sealed record SelectedChain(Guid? TenantId, MspHubProblem? Problem);
}
