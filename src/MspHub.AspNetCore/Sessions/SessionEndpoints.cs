using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace MspHub.AspNetCore;

/// <summary>The handlers behind <c>MapMspHub()</c>'s session endpoints.</summary>
internal static class SessionEndpoints
{
    private const int FirstPageSize = 20;

    /// <summary>The largest page <c>/session/tenants</c> serves: each tenant on it carries the caller's permissions there.</summary>
    internal const int MaxPageSize = 100;

    public static async Task<IResult> GetSessionAsync(
        ClaimsPrincipal principal, ITenancy tenancy, IHubUserStore users, ITenantDirectory directory, IPermissionEvaluator evaluator, PermissionCatalog catalog,
        IServiceProvider services, IOptions<MspHubJwtOptions> jwt, CancellationToken cancellationToken)
    {
        if (await FindUserAsync(principal, users, cancellationToken).ConfigureAwait(false) is not { } user)
        {
            return UnknownUser(principal);
        }

        var active = tenancy.Current.Tenant is { } tenant
            ? await DescribeAsync(user, tenant, evaluator, catalog, cancellationToken).ConfigureAwait(false)
            : null;
        var switchable = await ListSwitchableAsync(user, new TenantQuery { PageSize = FirstPageSize }, directory, evaluator, catalog, cancellationToken).ConfigureAwait(false);
        var branding = services.GetService<IBrandingService>() is { } brands
            ? SessionBranding.From(await brands.ResolveAsync(tenancy.Current.Tenant, cancellationToken).ConfigureAwait(false), jwt.Value.LogoBaseUrl)
            : null;
        return Results.Ok(new SessionInfo(new SessionUser(user.Id, user.UserName, user.SystemRole), active, switchable, branding));
    }

    public static async Task<IResult> ListTenantsAsync(
        ClaimsPrincipal principal, IHubUserStore users, ITenantDirectory directory, IPermissionEvaluator evaluator, PermissionCatalog catalog,
        string? search, string? page, string? pageSize, CancellationToken cancellationToken)
    {
        if (await FindUserAsync(principal, users, cancellationToken).ConfigureAwait(false) is not { } user)
        {
            return UnknownUser(principal);
        }

        if (!TryParseCount(page, 1, out var pageNumber) || pageNumber > TenantQuery.MaxPage
            || !TryParseCount(pageSize, FirstPageSize, out var size) || size > MaxPageSize)
        {
            return new MspHubProblem(
                MspHubProblemTypes.InvalidRequest, $"page and pageSize are whole numbers from 1; page is at most {TenantQuery.MaxPage} and pageSize at most {MaxPageSize}.");
        }

        var query = new TenantQuery { Search = string.IsNullOrEmpty(search) ? null : search, Page = pageNumber, PageSize = size };
        return Results.Ok(await ListSwitchableAsync(user, query, directory, evaluator, catalog, cancellationToken).ConfigureAwait(false));
    }

    public static async Task<IResult> SwitchAsync(
        HttpRequest http, ClaimsPrincipal principal, IHubUserStore users, ITenantStore tenants, ITenantGate gate, ISessionTokens tokens,
        IAuditLog audit, CancellationToken cancellationToken)
    {
        if (await FindUserAsync(principal, users, cancellationToken).ConfigureAwait(false) is not { } user)
        {
            return UnknownUser(principal);
        }

        var (request, invalid) = await JsonRequestBody.ReadAsync<SwitchTenantRequest>(http, cancellationToken).ConfigureAwait(false);
        if (invalid is not null)
        {
            return invalid;
        }

        var named = request!.Tenant;
        if (string.IsNullOrWhiteSpace(named))
        {
            return new MspHubProblem(MspHubProblemTypes.InvalidRequest, "Name the tenant to switch to by id or slug, as in { \"tenant\": \"acme\" }.");
        }

        var tenant = IdText.TryParse(named, out var id)
            ? await tenants.FindByIdAsync(id, cancellationToken).ConfigureAwait(false)
            : TenantSlug.CouldMatch(named) ? await tenants.FindBySlugAsync(named, cancellationToken).ConfigureAwait(false) : null;

        // A tenant the user may not enter and one that does not exist read the same; only MSP admins learn which.
        switch ((await gate.DecideAsync(principal, tenant?.Id ?? Guid.Empty, cancellationToken).ConfigureAwait(false)).Outcome)
        {
            case TenantGateOutcome.Unknown:
                return TenantProblems.Unknown(named);
            case TenantGateOutcome.Outdated:
                return SessionFreshness.Problem(http.HttpContext);
            case TenantGateOutcome.Suspended:
                return TenantProblems.Suspended(tenant!);
            case not TenantGateOutcome.Allowed:
                if (tenant is not null)
                {
                    await TenantEntryRefusals.ReportAsync(http.HttpContext, tenant, "a tenant switch").ConfigureAwait(false);
                }

                return TenantProblems.NotAvailable(named);
        }

        try
        {
            // A switch carries the sign-in over unchanged: entering another tenant is not signing in again.
            var session = await tokens.IssueAsync(user.Id, tenant!, principal, cancellationToken).ConfigureAwait(false);
            var from = principal.FindFirstValue(MspHubClaimTypes.TenantId);
            await audit.RecordAsync(
                new AuditEntry(AuditActions.SessionSwitched, tenant!.Id)
                {
                    Actor = AuditActor.User(user.Id),
                    TargetType = "user",
                    TargetId = user.Id.ToString(),
                    Detail = new Dictionary<string, string> { ["from-tenant"] = from ?? "none" },
                },
                cancellationToken).ConfigureAwait(false);
            return Results.Ok(session);
        }
        catch (SessionRefusedException)
        {
            // Access changed between the check above and issuing: the same answer as any other refusal.
            return TenantProblems.NotAvailable(named);
        }
    }

    // The tenants the user may see (every one for an MSP admin), less suspended ones, which cannot be entered.
    private static async Task<PagedResult<SessionTenant>> ListSwitchableAsync(
        HubUser user, TenantQuery query, ITenantDirectory directory, IPermissionEvaluator evaluator, PermissionCatalog catalog, CancellationToken cancellationToken)
    {
        var page = await directory.ListForAsync(user.Id, query with { Status = TenantStatus.Active }, cancellationToken).ConfigureAwait(false);
        var permissions = await evaluator.GetPermissionsAsync(user.Id, [.. page.Items.Select(t => t.Id)], cancellationToken).ConfigureAwait(false);
        var described = new List<SessionTenant>(page.Items.Count);
        for (var i = 0; i < page.Items.Count; i++)
        {
            described.Add(Describe(page.Items[i], permissions[i], catalog));
        }

        return new PagedResult<SessionTenant>(described, page.TotalCount, page.Page, page.PageSize);
    }

    private static async Task<SessionTenant> DescribeAsync(HubUser user, Tenant tenant, IPermissionEvaluator evaluator, PermissionCatalog catalog, CancellationToken cancellationToken) =>
        Describe(tenant, await evaluator.GetPermissionsAsync(user.Id, tenant.Id, cancellationToken).ConfigureAwait(false), catalog);

    private static SessionTenant Describe(Tenant tenant, PermissionSet permissions, PermissionCatalog catalog) =>
        new(tenant.Id, tenant.Slug, tenant.Name, [.. permissions.Ids().Select(p => catalog[p].ToString())]);

    public static async Task<HubUser?> FindUserAsync(ClaimsPrincipal principal, IHubUserStore users, CancellationToken cancellationToken) =>
        UserClaims.IdOf(principal) is { } id
            ? await users.FindUserAsync(id, cancellationToken).ConfigureAwait(false) is { IsActive: true } user ? user : null
            : null;

    // An API key acts in its tenant but is no person: it has no session, tenants to switch to or invitations to answer.
    public static MspHubProblem UnknownUser(ClaimsPrincipal principal) => ApiKeyPrincipal.TenantOf(principal) is not null
        ? new(MspHubProblemTypes.UnknownUser, "An API key is not a user; this endpoint serves signed-in users.")
        : new(MspHubProblemTypes.UnknownUser, "The signed-in user is not known to the hub or is inactive.");

    // A query count: absent means the default; present must be a whole number from 1 (the query type checks the upper bound).
    // An empty value (?page=, as a form or a URL template leaves it) is no value: the default applies.
    private static bool TryParseCount(string? text, int fallback, out int value)
    {
        if (string.IsNullOrEmpty(text))
        {
            value = fallback;
            return true;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value >= 1;
    }
}
