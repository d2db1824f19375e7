using System.Diagnostics.CodeAnalysis;
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

    // ?subtree=<root id> reads the root's chain and every descendant's as one log instead of one chain (see SubtreeAsync).
    public static async Task<IResult> QueryAsync(
        ClaimsPrincipal principal, ITenancy tenancy, IAuditLog audit, string? chain, string? tenant, string? subtree, string? actor, string? action,
        string? targetType, string? targetId, string? from, string? to, string? before, string? after, string? pageSize, CancellationToken cancellationToken)
    {
        if (ApiKeyPrincipal.AuditReaderOf(principal) is not { } reader)
        {
            return SessionEndpoints.UnknownUser(principal);
        }

        if (!TryParseFilters(actor, from, to, pageSize, out var filters, out var badFilter))
        {
            return badFilter;
        }

        // An empty filter (?action=) filters nothing, as an absent one: no record has an empty action or target.
        (action, targetType, targetId) = (NullIfEmpty(action), NullIfEmpty(targetType), NullIfEmpty(targetId));

        if (subtree is not null)
        {
            return await SubtreeAsync(audit, reader, subtree, chain, tenant, before, after, filters, action, targetType, targetId, cancellationToken).ConfigureAwait(false);
        }

        if (after is not null)
        {
            return Invalid("after pages a subtree search (?subtree=); page one chain with before.");
        }

        var selected = Chain(chain, tenant, tenancy);
        if (selected.Problem is { } badChain)
        {
            return badChain;
        }

        if (!TryParseWhole(before, out var beforeSequence))
        {
            return Invalid("before is a sequence number from 1: nextBeforeSequence of the previous page.");
        }

        var query = new AuditQuery
        {
            TenantId = selected.TenantId,
            ActorId = filters.ActorId,
            Action = action,
            TargetType = targetType,
            TargetId = targetId,
            From = filters.From,
            To = filters.To,
            BeforeSequence = beforeSequence,
            PageSize = filters.PageSize,
        };
        return Results.Json(await audit.QueryAsync(query, reader, cancellationToken).ConfigureAwait(false), Json);
    }

    // The subtree names its own chains, so naming one more, or paging by one chain's sequence numbers, is refused. A
    // refusal of the root (SubtreeAccessDeniedException) or of the reader (AuditAccessDeniedException) is the log's.
    private static async Task<IResult> SubtreeAsync(
        IAuditLog audit, AuditReader reader, string subtree, string? chain, string? tenant, string? before, string? after, Filters filters,
        string? action, string? targetType, string? targetId, CancellationToken cancellationToken)
    {
        if (chain is not null || tenant is not null || before is not null)
        {
            return Invalid("A subtree search reads the root's chain and its descendants': it takes no chain, tenant or before; page it with after.");
        }

        if (!IdText.TryParse(subtree, out var rootId))
        {
            return Invalid("subtree is the id of the tenant the subtree hangs from.");
        }

        AuditSubtreeCursor? cursor = null;
        if (after is not null && !AuditSubtreeCursor.TryParse(after, out cursor))
        {
            return Invalid("after is the next value of the previous page.");
        }

        var query = new AuditSubtreeQuery
        {
            RootId = rootId,
            ActorId = filters.ActorId,
            Action = action,
            TargetType = targetType,
            TargetId = targetId,
            From = filters.From,
            To = filters.To,
            After = cursor,
            PageSize = filters.PageSize,
        };
        var page = await audit.QuerySubtreeAsync(query, reader, cancellationToken).ConfigureAwait(false);
        return Results.Json(new SubtreePage(page.Items, page.Next?.Token), Json);
    }

    // The filters every read takes, checked once for a chain and for a subtree.
    private static bool TryParseFilters(
        string? actor, string? from, string? to, string? pageSize, out Filters filters, [NotNullWhen(false)] out IResult? problem)
    {
        filters = new Filters(null, null, null, new AuditQuery().PageSize);
        problem = null;
        Guid? actorId = null;
        if (actor is not null)
        {
            if (!IdText.TryParse(actor, out var parsed))
            {
                problem = Invalid("actor is the id of a user or API key.");
                return false;
            }

            actorId = parsed;
        }

        if (!TryParseTime(from, out var fromTime) || !TryParseTime(to, out var toTime))
        {
            problem = Invalid("from and to are ISO 8601 times, such as 2026-11-01T00:00:00Z.");
            return false;
        }

        if (!TryParseWhole(pageSize, out var size) || size > AuditQuery.MaxPageSize)
        {
            problem = Invalid($"pageSize is a whole number from 1 to {AuditQuery.MaxPageSize}.");
            return false;
        }

        filters = new Filters(actorId, fromTime, toTime, size is { } count ? (int)count : filters.PageSize);
        return true;
    }

    // A range by sequence (fromSequence, toSequence) or by time (from, to exclusive), never both; none: the whole chain.
    public static async Task<IResult> VerifyAsync(
        ClaimsPrincipal principal, ITenancy tenancy, IAuditLog audit, string? chain, string? tenant,
        string? fromSequence, string? toSequence, string? from, string? to, CancellationToken cancellationToken)
    {
        if (ApiKeyPrincipal.AuditReaderOf(principal) is not { } reader)
        {
            return SessionEndpoints.UnknownUser(principal);
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
        catch (ArgumentOutOfRangeException error)
        {
            // The range was well formed (checked above) but the chain cannot check it: past its end, or in pruned records; the message says which.
            return Invalid(error.Message);
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
            return SessionEndpoints.UnknownUser(principal);
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

        // Refused before the gate, so an export that cannot run leaves no notice or approval request behind.
        if (new AuditRange { From = fromTime, To = toTime }.Problem is { } badRange)
        {
            return Invalid(badRange);
        }

        // A chain leaves the hub here: with operation gates on, the export is gated (L1 by default) in the exported tenant, or
        // for the MSP chain in the admin tenancy, once the reader is known to be one, so nobody else causes a gate's notice
        // or request there.
        await audit.EnsureMayReadAsync(selected.TenantId, reader, cancellationToken).ConfigureAwait(false);
        if (http.RequestServices.GetService<IOperationGate>() is { } gate
            && (selected.TenantId ?? await AdminTenancyAsync(http.RequestServices, cancellationToken).ConfigureAwait(false)) is { } gatedIn
            && await HttpGate.DecideAsync(http, gate, GateOperations.AuditExport, gatedIn, [chain, format, from, to]).ConfigureAwait(false) is { } gated)
        {
            return gated;
        }

        http.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        http.Response.ContentType = chosen.ContentType;
        var request = new AuditExport { TenantId = selected.TenantId, From = fromTime, To = toTime, Format = chosen.Format };
        await audit.ExportAsync(request, reader, http.Response.Body, cancellationToken).ConfigureAwait(false);
        return Results.Empty;
    }

    // Before a licence is activated there is no admin tenancy, and no MSP admin's approval to ask in.
    private static async Task<Guid?> AdminTenancyAsync(IServiceProvider services, CancellationToken cancellationToken) =>
        (await services.GetRequiredService<ITenantStore>().ListAsync(new TenantQuery { IsAdminTenancy = true, PageSize = 1 }, cancellationToken).ConfigureAwait(false))
            .Items is [var adminTenancy, ..] ? adminTenancy.Id : null;

    // ?chain=msp or ?tenant=<id> name a chain (the log refuses them to all but MSP admins, and a tenant's readers their
    // own); without either, the active tenant's.
    private static SelectedChain Chain(string? chain, string? tenant, ITenancy tenancy) => (chain, tenant) switch
    {
        (not null, not null) => new(null, Invalid("Name at most one chain: ?chain=msp or ?tenant=<tenant id>.")),
        (not null, null) when string.Equals(chain, MspChain, StringComparison.OrdinalIgnoreCase) => new(null, null),
        (not null, null) => new(null, Invalid("chain is msp, the MSP-level chain; name a tenant's with ?tenant=<tenant id>.")),
        (null, not null) => IdText.TryParse(tenant, out var id) ? new(id, null) : new(null, Invalid("tenant is a tenant id.")),
        _ => tenancy.Current.TenantId is { } active
            ? new(active, null)
            : new(null, new MspHubProblem(MspHubProblemTypes.TenantRequired, "No tenant is active: switch to one, or name a chain with ?tenant=<tenant id> or ?chain=msp.")),
    };

    private static MspHubProblem Invalid(string detail) => new(MspHubProblemTypes.InvalidRequest, detail);

    private static string? NullIfEmpty(string? text) => string.IsNullOrEmpty(text) ? null : text;

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

    /// <summary>The parsed filters a chain read and a subtree search share.</summary>
    private sealed record Filters(Guid? ActorId, DateTimeOffset? From, DateTimeOffset? To, int PageSize);

    /// <summary>A page of a subtree search as the endpoint answers it: the next page's position as the text <c>?after=</c> takes.</summary>
    private sealed record SubtreePage(IReadOnlyList<AuditRecord> Items, string? Next);

    /// <summary>The chain a request names, or why it names none.</summary>
    private sealed record SelectedChain(Guid? TenantId, MspHubProblem? Problem);
}
