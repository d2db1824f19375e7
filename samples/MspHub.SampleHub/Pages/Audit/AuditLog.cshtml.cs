using System.Globalization;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Net.Http.Headers;
using MspHub.SampleHub.Data;
using MspHub.SampleHub.Hosting;

namespace MspHub.SampleHub.Pages.Audit;

/// <summary>
/// The active tenant's audit log, or for an MSP admin the MSP-level one: filtered and paged newest first, verified and
/// exported through <see cref="IAuditLog"/>. Who may read which chain is the log's decision, never the page's: its
/// refusal (<see cref="AuditAccessDeniedException"/>) is shown as a message with status 403.
/// </summary>
public sealed class AuditLogModel(IAuditLog audit, CurrentSession session, IHubUserStore users, ITenantStore tenants, SampleDb db) : HubPage
{
    public const string MspChain = "msp";

    public const int PageSize = 25;

    private readonly Dictionary<string, string> _names = [];

    /// <summary>"msp" for the MSP-level chain; otherwise the active tenant's.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Chain { get; set; }

    /// <summary>A user name, or a user's or API key's id.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Actor { get; set; }

    [BindProperty(SupportsGet = true, Name = "action")]
    public string? ActionFilter { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? TargetType { get; set; }

    /// <summary>A target's id, or a tenant's slug or user's name when <see cref="TargetType"/> says which.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Target { get; set; }

    /// <summary>UTC, as a datetime-local field sends it; kept as typed so the form shows it back.</summary>
    [BindProperty(SupportsGet = true)]
    public string? From { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? To { get; set; }

    /// <summary>The previous page's <see cref="AuditPage.NextBeforeSequence"/>.</summary>
    [BindProperty(SupportsGet = true)]
    public long? Before { get; set; }

    public bool IsMspAdmin { get; private set; }

    public string ChainName { get; private set; } = "";

    public AuditPage? Records { get; private set; }

    public string? FilterProblem { get; private set; }

    public string? AccessRefusal { get; private set; }

    public AuditVerification? Verification { get; private set; }

    /// <summary>The filters as query values, for the paging links and the verify form.</summary>
    public IDictionary<string, string> Filters => new Dictionary<string, string?>
    {
        ["chain"] = Chain, ["actor"] = Actor, ["action"] = ActionFilter, ["targetType"] = TargetType, ["target"] = Target, ["from"] = From, ["to"] = To,
    }.Where(f => !string.IsNullOrWhiteSpace(f.Value)).ToDictionary(f => f.Key, f => f.Value!);

    public async Task OnGetVerifyAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        if (AccessRefusal is null && SelectedChain() is { } chain)
        {
            Verification = await ReadAsync(() => audit.VerifyAsync(chain.TenantId, Reader, cancellationToken));
        }
    }

    // The export streams to the response as the log writes it; the log refuses before the first byte, so a refusal
    // can still become this page instead of a download.
    public async Task<IActionResult> OnPostExportAsync(AuditExportFormat format, CancellationToken cancellationToken)
    {
        if (SelectedChain() is not { } chain || !TryReadTimes(out var from, out var to))
        {
            await LoadAsync(cancellationToken);
            return Page();
        }

        var (contentType, extension) = format == AuditExportFormat.OscalAssessmentResults ? ("application/json", "oscal.json") : ("application/x-ndjson", "jsonl");
        var exported = chain.TenantId is null ? MspChain : session.Tenant!.Slug;
        Response.ContentType = contentType;
        Response.Headers.ContentDisposition = new ContentDispositionHeaderValue("attachment")
        {
            FileName = $"audit-{exported}-{DateTime.UtcNow:yyyyMMdd-HHmmss}.{extension}",
        }.ToString();
        HttpContext.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        try
        {
            await audit.ExportAsync(new AuditExport { TenantId = chain.TenantId, From = from, To = to, Format = format }, Reader, Response.Body, cancellationToken);
            return new EmptyResult();
        }
        catch (AuditAccessDeniedException refused) when (!Response.HasStarted)
        {
            Response.Headers.Remove(HeaderNames.ContentDisposition);
            Response.Headers.Remove(HeaderNames.ContentType); // else the page would keep the export's
            Refuse(refused);
            return Page();
        }
    }

    public string ActorLabel(AuditActor actor) => actor.Kind switch
    {
        AuditActorKind.System => "System",
        AuditActorKind.Anonymous => "Not signed in",
        AuditActorKind.ApiKey => $"API key {actor.Id}",
        AuditActorKind.Technician => $"{Name(actor.Id)} (technician)",
        _ => Name(actor.Id),
    };

    public string TargetLabel(AuditRecord record) => record switch
    {
        { TargetType: "audit-chain", TargetId: var id } when id == Guid.Empty.ToString() => "MSP audit log",
        { TargetType: "branding", TargetId: "msp" } => "MSP branding",
        { TargetType: { } type, TargetId: var id } => $"{AuditLabels.TargetType(type)} {Name(id)}",
        _ => "",
    };

    protected override async Task LoadAsync(CancellationToken cancellationToken)
    {
        IsMspAdmin = await session.GetUserAsync(cancellationToken) is { IsActive: true, SystemRole: SystemRole.MspAdmin };
        if (AccessRefusal is not null || SelectedChain() is not { } chain)
        {
            return;
        }

        ChainName = chain.Name;
        if (await QueryAsync(chain.TenantId, cancellationToken) is not { } query)
        {
            return;
        }

        Records = await ReadAsync(() => audit.QueryAsync(query, Reader, cancellationToken));
        foreach (var record in Records?.Items ?? [])
        {
            await NameAsync(record.Actor.Id?.ToString(), "user", cancellationToken);
            await NameAsync(record.TargetId, record.TargetType is "audit-chain" or "branding" ? "tenant" : record.TargetType, cancellationToken);
        }
    }

    private AuditReader Reader => AuditReader.User(session.UserId ?? throw new InvalidOperationException("The audit log is read by a signed-in user."));

    private (Guid? TenantId, string Name)? SelectedChain()
    {
        if (string.Equals(Chain, MspChain, StringComparison.OrdinalIgnoreCase))
        {
            return (null, "MSP");
        }

        if (session.Tenant is { } tenant)
        {
            return (tenant.Id, tenant.Name);
        }

        AccessRefusal = "No tenant is active: switch to a tenant to read its audit log.";
        return null;
    }

    private async Task<AuditQuery?> QueryAsync(Guid? tenantId, CancellationToken cancellationToken)
    {
        // A name nobody has matches no record, exactly as a user with none in this log does: the page never says
        // whether a name exists, which would tell any reader of one tenant's log who has an account anywhere.
        Guid? actorId = string.IsNullOrWhiteSpace(Actor) ? null : await UserIdAsync(Actor, cancellationToken) ?? Guid.Empty;

        if (!TryReadTimes(out var from, out var to))
        {
            return null;
        }

        return new AuditQuery
        {
            TenantId = tenantId,
            ActorId = actorId,
            Action = Blank(ActionFilter),
            TargetType = Blank(TargetType),
            TargetId = await TargetIdAsync(cancellationToken),
            From = from,
            To = to,
            BeforeSequence = Before is > 0 ? Before : null,
            PageSize = PageSize,
        };
    }

    private bool TryReadTimes(out DateTimeOffset? from, out DateTimeOffset? to)
    {
        to = null;
        if (!TryReadTime(From, out from) || !TryReadTime(To, out to))
        {
            FilterProblem = "From and To are dates and times in UTC, such as 2026-11-30 09:00.";
            return false;
        }

        if (from >= to)
        {
            FilterProblem = "The time range ends before it starts.";
            return false;
        }

        return true;
    }

    private static bool TryReadTime(string? text, out DateTimeOffset? time)
    {
        time = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }

        if (!DateTimeOffset.TryParse(text.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed))
        {
            return false;
        }

        time = parsed;
        return true;
    }

    // A tenant is typed by slug and a user by name; the log holds their ids.
    private async Task<string?> TargetIdAsync(CancellationToken cancellationToken)
    {
        if (Blank(Target) is not { } typed)
        {
            return null;
        }

        if (TargetType == "tenant" && TenantSlug.CouldMatch(typed) && await tenants.FindBySlugAsync(typed, cancellationToken) is { } tenant)
        {
            return tenant.Id.ToString();
        }

        return TargetType == "user" && await UserIdAsync(typed, cancellationToken) is { } userId ? userId.ToString() : typed;
    }

    private async Task<Guid?> UserIdAsync(string nameOrId, CancellationToken cancellationToken)
    {
        if (Guid.TryParse(nameOrId, out var id))
        {
            return id;
        }

        return await db.Accounts.UserIdOfAsync(nameOrId, cancellationToken);
    }

    // Names users and tenants for the table; an id that names neither any more (a deleted user) is shown as it is.
    private async Task NameAsync(string? id, string? kind, CancellationToken cancellationToken)
    {
        if (id is null || _names.ContainsKey(id) || !Guid.TryParse(id, out var guid))
        {
            return;
        }

        var name = kind switch
        {
            "user" => (await users.FindUserAsync(guid, cancellationToken))?.UserName,
            "tenant" => (await tenants.FindByIdAsync(guid, cancellationToken))?.Name,
            _ => null,
        };
        if (name is not null)
        {
            _names[id] = name;
        }
    }

    private string Name(Guid? id) => id is { } known ? Name(known.ToString()) : "";

    private string Name(string? id) => id is null ? "" : _names.GetValueOrDefault(id, id);

    private async Task<T?> ReadAsync<T>(Func<Task<T>> read)
        where T : class
    {
        try
        {
            return await read();
        }
        catch (AuditAccessDeniedException refused)
        {
            Refuse(refused);
            return null;
        }
    }

    private void Refuse(AuditAccessDeniedException refused)
    {
        AccessRefusal = refused.Message;
        Response.StatusCode = StatusCodes.Status403Forbidden;
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
