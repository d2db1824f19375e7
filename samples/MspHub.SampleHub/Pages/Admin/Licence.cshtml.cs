using Microsoft.AspNetCore.Mvc;
using MspHub.AspNetCore;
using MspHub.Licensing;
using MspHub.SampleHub.Hosting;
using MspHub.SampleHub.Operations;

namespace MspHub.SampleHub.Pages.Admin;

[RequirePermission("licence", "view")]
public sealed class LicenceModel(
    LicenceOperations licence, LicenceInstallation installation, ILicenceActivation activation, ITenantFeatures features, FeatureSwitches switches, ITenancy tenancy, CurrentSession session)
    : HubPage
{
    public const string InstallForm = "install";

    public LicenceReport Report { get; private set; } = null!;

    public IReadOnlyList<TenantFeature> Features { get; private set; } = [];

    public bool CanUpdate { get; private set; }

    public bool CanInstall => CanUpdate && installation.CanInstall;

    /// <summary>An installed licence the hub has not taken over yet.</summary>
    public Licence? Waiting { get; private set; }

    /// <summary>The licence in force when its activation is not recorded yet (a renewal the hub took over).</summary>
    public string? Unactivated { get; private set; }

    public IReadOnlyList<QuotaAlert> QuotaAlerts { get; private set; } = [];

    /// <summary>What was pasted into a refused installation, shown again.</summary>
    public string? Pasted { get; private set; }

    public Task<IActionResult> OnPostFeatureAsync(string feature, FeatureChoice choice, CancellationToken cancellationToken) =>
        ActAsync(() => switches.SetAsync(tenancy.Current.RequireTenant("features").Id, feature, choice, cancellationToken), cancellationToken);

    public Task<IActionResult> OnPostInstallAsync(IFormFile? file, string? document, CancellationToken cancellationToken)
    {
        Pasted = document;
        return ActAsync(async () =>
        {
            await session.DemandAsync(Perm.LicenceUpdate, cancellationToken);
            var installed = await installation.InstallAsync(file is { Length: > 0 } ? await ReadAsync(file, cancellationToken) : document, cancellationToken);
            return $"Licence {installed.LicenceId} for {installed.Licensee} is installed: {installed.MaxTenants} tenants, valid until {installed.ExpiresAt:yyyy-MM-dd}. "
                + $"The hub takes it over within {SampleHubSettings.LicenceRetryInterval.TotalSeconds:0} seconds; the current licence stays in force until then.";
        }, cancellationToken, InstallForm);
    }

    public Task<IActionResult> OnPostActivateAsync(CancellationToken cancellationToken) =>
        ActAsync(async () =>
        {
            await session.DemandAsync(Perm.LicenceUpdate, cancellationToken);
            var user = await session.GetUserAsync(cancellationToken) ?? throw new ArgumentException("Sign in again to activate the licence.");
            var outcome = await activation.ActivateAsync(user.Id, user.UserName, cancellationToken);
            return outcome.Kind == ActivationKind.AlreadyActive
                ? $"Licence {outcome.Activation.LicenceId} was already activated; nothing changed."
                : $"Licence {outcome.Activation.LicenceId} is activated; the renewal is recorded in the MSP's audit log.";
        }, cancellationToken);

    /// <summary>Who decides the feature's state here: this tenant, a tenant above it, or the licence.</summary>
    public string SetBy(TenantFeature feature) => feature.SourceTenantId switch
    {
        null => "licence default",
        { } source when source == tenancy.Current.Tenant?.Id => "this tenant",
        _ => "inherited",
    };

    protected override async Task LoadAsync(CancellationToken cancellationToken)
    {
        Report = await licence.ReportAsync(cancellationToken);
        Features = features.List(tenancy.Current.RequireTenant("features"));
        CanUpdate = await session.CanAsync(Perm.LicenceUpdate, cancellationToken);
        Waiting = await installation.WaitingAsync(cancellationToken);
        Unactivated = await installation.UnactivatedAsync(cancellationToken);
        QuotaAlerts = QuotaAlert.Near(Report.Usage);
    }

    private static async Task<string> ReadAsync(IFormFile file, CancellationToken cancellationToken)
    {
        if (file.Length > LicenceInstallation.MaxFileBytes)
        {
            throw new ArgumentException($"This file is too large to be a licence (a licence is one line of text, well under {LicenceInstallation.MaxFileBytes / 1024} KB).");
        }

        using var reader = new StreamReader(file.OpenReadStream());
        return await reader.ReadToEndAsync(cancellationToken);
    }
}
