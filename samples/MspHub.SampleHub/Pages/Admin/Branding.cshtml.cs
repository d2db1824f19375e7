using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using MspHub.AspNetCore;
using MspHub.SampleHub.Hosting;

namespace MspHub.SampleHub.Pages.Admin;

/// <summary>A tenant's branding, for holders of branding.update there; the MSP-wide branding, for MSP admins.</summary>
[RequirePermission("branding", "update")]
public sealed class BrandingModel(IBrandingService branding, IBrandingStore store, IOptions<MspHubOptions> options, CurrentSession session) : HubPage
{
    [BindProperty(SupportsGet = true)]
    public string? Scope { get; set; }

    public Branding? Current { get; private set; }

    public string ScopeName => IsMspScope ? "the MSP (all tenants)" : session.Tenant?.Name ?? "";

    public bool CanBrandMsp { get; private set; }

    public int MaxLogoKilobytes => options.Value.MaxLogoBytes / 1024;

    private bool IsMspScope => Scope == "msp";

    public Task<IActionResult> OnPostLogoAsync(IFormFile? logo, CancellationToken cancellationToken) =>
        ActAsync(async () =>
        {
            var scope = await ScopeIdAsync(cancellationToken);
            if (logo is null || logo.Length == 0)
            {
                throw new ArgumentException("Choose a PNG or JPEG file to upload.");
            }

            if (logo.Length > options.Value.MaxLogoBytes)
            {
                throw new ArgumentException($"The logo is {logo.Length / 1024} KB; the limit is {MaxLogoKilobytes} KB.");
            }

            using var content = new MemoryStream();
            await logo.CopyToAsync(content, cancellationToken);
            await branding.SetLogoAsync(scope, content.ToArray(), cancellationToken);
            return "Logo uploaded.";
        }, cancellationToken);

    public Task<IActionResult> OnPostStyleAsync(string? title, string? primary, string? secondary, CancellationToken cancellationToken) =>
        ActAsync(async () =>
        {
            await branding.SetAsync(await ScopeIdAsync(cancellationToken), Blank(primary), Blank(secondary), Blank(title), cancellationToken);
            return "Branding saved.";
        }, cancellationToken);

    protected override async Task LoadAsync(CancellationToken cancellationToken)
    {
        CanBrandMsp = await session.CanAsync(Perm.TenantsUpdate, cancellationToken);
        Current = await store.FindAsync(IsMspScope ? null : session.Tenant?.Id, cancellationToken);
    }

    // The MSP-wide branding (null scope) is an MSP admin's; a tenant's needs branding.update there, which the page requires.
    private async Task<Guid?> ScopeIdAsync(CancellationToken cancellationToken)
    {
        if (IsMspScope)
        {
            await session.DemandAsync(Perm.TenantsUpdate, cancellationToken);
            return null;
        }

        await session.DemandAsync(Perm.BrandingUpdate, cancellationToken);
        return session.Tenant!.Id;
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
