using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using MspHub.AspNetCore;
using MspHub.SampleHub.Operations;

namespace MspHub.SampleHub.Pages.Admin;

/// <summary>Merges the tenant into another: its data and members move, then it is deleted. What was carried over is shown after.</summary>
[RequirePermission("tenants", "delete")]
public sealed class TenantMergeModel(ITenantStore tenants, TenantMerges merges) : HubPage
{
    [BindProperty(SupportsGet = true)]
    public Guid Id { get; set; }

    /// <summary>The tenant that disappears; null once merged (or for an unknown id).</summary>
    public Tenant? Source { get; private set; }

    /// <summary>Every other tenant, by name; the library refuses the ones a merge cannot go into.</summary>
    public IReadOnlyList<TenantNode> Targets { get; private set; } = [];

    /// <summary>The source's roles, each mapped to a role of the same name in the target or to none.</summary>
    public IReadOnlyList<string> Roles { get; private set; } = [];

    /// <summary>What a refused merge was asked, shown again.</summary>
    public Guid? ChosenTarget { get; private set; }

    public string? TypedConfirmation { get; private set; }

    public IReadOnlyDictionary<string, string?> ChosenRoles { get; private set; } = new Dictionary<string, string?>();

    /// <summary>The finished merge, carried over the redirect to this page, where the source no longer exists.</summary>
    [TempData]
    public string? MergeReport { get; set; }

    public TenantMergeOutcome? Outcome { get; private set; }

    // Named explicitly: a source without roles posts no roles[...] field, and the binder would then fill the map from
    // every other field of the form ('target', 'confirm').
    public Task<IActionResult> OnPostAsync(Guid? target, string? confirm, [FromForm(Name = "roles")] Dictionary<string, string?>? roles, CancellationToken cancellationToken)
    {
        ChosenTarget = target;
        TypedConfirmation = confirm ?? "";
        ChosenRoles = roles ?? [];
        return ActAsync(
            async () =>
            {
                var outcome = await merges.MergeAsync(Id, target, confirm, ChosenRoles, cancellationToken);
                MergeReport = JsonSerializer.Serialize(outcome);
                return $"Tenant '{outcome.SourceName}' was merged into '{outcome.TargetName}' and deleted.";
            },
            cancellationToken);
    }

    protected override async Task LoadAsync(CancellationToken cancellationToken)
    {
        Outcome = MergeReport is { } json ? JsonSerializer.Deserialize<TenantMergeOutcome>(json) : null;
        Source = await tenants.FindByIdAsync(Id, cancellationToken);
        if (Source is null)
        {
            Response.StatusCode = Outcome is null ? StatusCodes.Status404NotFound : StatusCodes.Status200OK;
            return;
        }

        Targets = [.. (await tenants.ListTreeAsync(cancellationToken)).Where(t => t.Id != Id).OrderBy(t => t.Name, StringComparer.CurrentCultureIgnoreCase)];
        Roles = await merges.RoleNamesAsync(Id, cancellationToken);
    }
}
