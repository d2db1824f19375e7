using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using MspHub.AspNetCore;
using MspHub.SampleHub.Hosting;
using MspHub.SampleHub.Operations;

namespace MspHub.SampleHub.Pages.Admin;

/// <summary>
/// Imports or syncs tenants and users from a file through the library's <see cref="ITenantImport"/>: the whole file
/// is one transaction, so it is applied entirely or, refused, not at all; each line of the result says what happened
/// to one tenant, user or membership.
/// </summary>
[RequirePermission("tenants", "create")]
public sealed class TenantImportModel(ITenantImport import, CurrentSession session) : HubPage
{
    /// <summary>The last import's report, carried over the redirect.</summary>
    [TempData]
    public string? ImportResult { get; set; }

    public ImportReport? Report { get; private set; }

    /// <summary>Whether the refused attempt was a preview, kept ticked.</summary>
    public bool Preview { get; private set; }

    public Task<IActionResult> OnPostAsync(IFormFile? file, bool preview, CancellationToken cancellationToken)
    {
        Preview = preview;
        return ActAsync(
            async () =>
            {
                await session.DemandAsync(Perm.TenantsCreate, cancellationToken);
                var batch = await TenantImportFile.ReadAsync(file, cancellationToken);
                var report = await import.ImportAsync(batch, preview, cancellationToken);
                ImportResult = JsonSerializer.Serialize(report);
                var changed = report.Changes.Count(c => c.Outcome is ImportOutcome.Created or ImportOutcome.Updated);
                return preview
                    ? $"Preview of '{file!.FileName}': {changed} of {report.Changes.Count} items would change. Nothing was kept."
                    : $"Imported '{file!.FileName}' from {batch.System}: {changed} of {report.Changes.Count} items changed.";
            },
            cancellationToken);
    }

    /// <summary>What a kind of item is called on the page.</summary>
    public static string KindLabel(string kind) => kind switch
    {
        "tenant" => "Tenant",
        "user" => "User",
        "membership" => "Membership",
        _ => kind,
    };

    /// <summary>An outcome as the page words it; a preview says what would happen.</summary>
    public static string OutcomeLabel(ImportOutcome outcome, bool dryRun) => (outcome, dryRun) switch
    {
        (ImportOutcome.Created, false) => "Created",
        (ImportOutcome.Created, true) => "Would be created",
        (ImportOutcome.Updated, false) => "Updated",
        (ImportOutcome.Updated, true) => "Would be updated",
        (ImportOutcome.Skipped, _) => "Left out: MSP staff",
        _ => "Unchanged",
    };

    protected override Task LoadAsync(CancellationToken cancellationToken)
    {
        Report = ImportResult is { } json ? JsonSerializer.Deserialize<ImportReport>(json) : null;
        return Task.CompletedTask;
    }
}
