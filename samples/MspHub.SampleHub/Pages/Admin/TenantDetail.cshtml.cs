using Microsoft.AspNetCore.Mvc;
using MspHub.AspNetCore;
using MspHub.Licensing;
using System.Globalization;
using MspHub.SampleHub.Hosting;
using MspHub.SampleHub.Operations;

namespace MspHub.SampleHub.Pages.Admin;

/// <summary>One tenant for an MSP admin: rename it and move it in the hierarchy, through the library's tenant lifecycle, and switch its features.</summary>
[RequirePermission("tenants", "update")]
public sealed class TenantDetailModel(ITenantStore tenants, ITenantLifecycle lifecycle, ITenantFeatures features, FeatureSwitches switches, IQuotaCounter quotas, IAccessStore access, TechnicianOperations technicians, IBrandingStore branding, CurrentSession session) : HubPage
{
    public const string RenameForm = "rename";
    public const string MoveForm = "move";
    public const string QuotaForm = "quota";

    [BindProperty(SupportsGet = true)]
    public Guid Id { get; set; }

    /// <summary>The tenant; null when no tenant has the id, which the page answers with 404.</summary>
    public Tenant? Tenant { get; private set; }

    /// <summary>The name as typed in a refused rename, shown again instead of the stored one.</summary>
    public string? TypedName { get; private set; }

    /// <summary>The licensed features, each with the tenant's own choice.</summary>
    public IReadOnlyList<TenantFeature> Features { get; private set; } = [];

    /// <summary>The hub's features the licence lacks, shown disabled.</summary>
    public IReadOnlyList<string> UnlicensedFeatures { get; private set; } = [];

    /// <summary>The automs quota here: used and the limit in force (the tenant's own, else inherited or the default).</summary>
    public QuotaUsage? Automs { get; private set; }

    /// <summary>The limit as typed in a refused change, shown again.</summary>
    public string? TypedLimit { get; private set; }

    /// <summary>The tenant's own users; the MSP admins' shadow memberships are left out, since they are in every tenant.</summary>
    /// <summary>The tenant's own branding, or null when it shows the MSP's.</summary>
    public Branding? Branding { get; private set; }

    public IReadOnlyList<TenantMember> Members { get; private set; } = [];

    /// <summary>The technicians assigned here, each with the permissions granted here.</summary>
    public IReadOnlyList<(Technician Technician, Assignment Assignment)> Technicians { get; private set; } = [];

    /// <summary>The parent chosen in a refused move, shown selected again instead of the stored one.</summary>
    public Guid? ChosenParent { get; private set; }

    /// <summary>Every other tenant, by name; the library refuses the ones that would make a cycle.</summary>
    public IReadOnlyList<TenantNode> PossibleParents { get; private set; } = [];

    public Task<IActionResult> OnPostRenameAsync(string? name, CancellationToken cancellationToken)
    {
        TypedName = name ?? ""; // model binding turns an empty field into null
        return ActAsync(
            async () =>
            {
                await session.DemandAsync(Perm.TenantsUpdate, cancellationToken);
                var current = await FindAsync(cancellationToken);
                var renamed = await lifecycle.UpdateAsync(Id, current.Slug, Input.Name(name, "A tenant's name"), cancellationToken);
                return $"Tenant '{current.Name}' is now '{renamed.Name}'.";
            },
            cancellationToken,
            RenameForm);
    }

    public Task<IActionResult> OnPostMoveAsync(Guid? parent, CancellationToken cancellationToken)
    {
        ChosenParent = parent;
        return ActAsync(
            async () =>
            {
                await session.DemandAsync(Perm.TenantsUpdate, cancellationToken);
                var moved = await lifecycle.MoveAsync(Id, parent, cancellationToken);
                return parent is null ? $"Tenant '{moved.Name}' is now at the top level." : $"Tenant '{moved.Name}' moved.";
            },
            cancellationToken,
            MoveForm);
    }

    public Task<IActionResult> OnPostFeatureAsync(string feature, FeatureChoice choice, CancellationToken cancellationToken) =>
        ActAsync(() => switches.SetAsync(Id, feature, choice, cancellationToken), cancellationToken);

    public Task<IActionResult> OnPostQuotaAsync(string? limit, CancellationToken cancellationToken)
    {
        TypedLimit = limit ?? "";
        return ActAsync(
            async () =>
            {
                await session.DemandAsync(Perm.TenantsUpdate, cancellationToken);
                var parsed = ParseLimit(limit);
                await quotas.SetLimitAsync(Id, HubNames.AutomsQuota, parsed, cancellationToken);
                return parsed is { } set ? $"This tenant may hold {set} automs (never more than the licence allows)." : "This tenant's automs limit follows the default again.";
            },
            cancellationToken,
            QuotaForm);
    }

    protected override async Task LoadAsync(CancellationToken cancellationToken)
    {
        Tenant = await tenants.FindByIdAsync(Id, cancellationToken);
        if (Tenant is null)
        {
            Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        Automs = await quotas.GetUsageAsync(Id, HubNames.AutomsQuota, cancellationToken);
        Branding = await branding.FindAsync(Id, cancellationToken);
        Members = [.. (await access.ListMembersAsync(Id, cancellationToken)).Where(m => !m.Membership.IsShadow).OrderBy(m => m.User.UserName, StringComparer.Ordinal)];
        Technicians = [.. from technician in await technicians.ListAsync(cancellationToken)
                          from assignment in technician.Assignments
                          where assignment.Tenant.Id == Id
                          select (technician, assignment)];
        Features = features.List(Tenant);
        UnlicensedFeatures = [.. FeatureSwitches.HubFeatures.Where(name => Features.All(f => f.Name != name))];
        PossibleParents = [.. (await tenants.ListTreeAsync(cancellationToken)).Where(t => t.Id != Id).OrderBy(t => t.Name, StringComparer.CurrentCultureIgnoreCase)];
    }

    private async Task<Tenant> FindAsync(CancellationToken cancellationToken) =>
        await tenants.FindByIdAsync(Id, cancellationToken) ?? throw new TenantNotFoundException(Id.ToString());

    // Empty returns the tenant to the default; anything else is a whole number of automs, zero or more.
    private static long? ParseLimit(string? limit) =>
        string.IsNullOrWhiteSpace(limit) ? null
        : long.TryParse(limit.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) ? parsed
        : throw new ArgumentException($"A limit is a whole number, 0 or more, or empty for the default (got '{limit.Trim()}').");
}
