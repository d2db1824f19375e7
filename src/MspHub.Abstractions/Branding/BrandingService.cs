using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace MspHub;

/// <summary>The default <see cref="IBrandingService"/>.</summary>
internal sealed class BrandingService(IBrandingStore store, IAuditLog audit, ITenancy tenancy, IOptions<MspHubOptions> options) : IBrandingService
{
    public async ValueTask<Branding> ResolveAsync(Tenant? tenant, CancellationToken cancellationToken = default)
    {
        var msp = await store.FindAsync(null, cancellationToken).ConfigureAwait(false);
        var own = tenant is null ? null : await store.FindAsync(tenant.Id, cancellationToken).ConfigureAwait(false);
        return own?.Over(msp) ?? msp ?? new Branding();
    }

    public async Task<Branding> SetAsync(Guid? tenantId, string? primaryColor, string? secondaryColor, string? title, CancellationToken cancellationToken = default)
    {
        // A tenant's label only from inside that tenant; the MSP-wide one (no tenant's) is the caller's to permit.
        RequireOwnLabel(tenantId);
        var label = new Branding { PrimaryColor = primaryColor, SecondaryColor = secondaryColor, Title = title };
        await audit.RecordAsync(
            async token =>
            {
                await store.SaveLabelAsync(tenantId, label, token).ConfigureAwait(false);
                return label;
            },
            _ => Changed(tenantId, "label"),
            cancellationToken).ConfigureAwait(false);
        return await store.FindAsync(tenantId, cancellationToken).ConfigureAwait(false) ?? label;
    }

    public async Task<Branding> SetLogoAsync(Guid? tenantId, ReadOnlyMemory<byte> image, CancellationToken cancellationToken = default)
    {
        // A tenant's label only from inside that tenant; the MSP-wide one (no tenant's) is the caller's to permit.
        RequireOwnLabel(tenantId);
        var max = options.Value.MaxLogoBytes;
        if (image.IsEmpty || image.Length > max)
        {
            // No size is quoted: an upload is read only up to just past the limit, so its length here is not the upload's.
            throw new InvalidBrandingException($"A logo must be between 1 byte and {max / 1024} KiB; this one is {(image.IsEmpty ? "empty" : "larger")}.");
        }

        var (contentType, refusal) = LogoImage.Read(image.Span);
        if (contentType is null)
        {
            throw new InvalidBrandingException($"A logo must be a PNG or JPEG image, judged by its content, and {refusal}. SVG and other formats are refused.");
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(image.Span));
        var logo = new BrandingLogo(hash, contentType, image.ToArray());
        await audit.RecordAsync(
            async token =>
            {
                await store.SaveLogoAsync(tenantId, logo, token).ConfigureAwait(false);
                return logo;
            },
            _ => Changed(tenantId, "logo", hash),
            cancellationToken).ConfigureAwait(false);
        return await store.FindAsync(tenantId, cancellationToken).ConfigureAwait(false) ?? new Branding { LogoSha256 = hash };
    }

    public ValueTask<BrandingLogo?> FindLogoAsync(string sha256, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sha256);
        return store.FindLogoAsync(sha256, cancellationToken);
    }

    private static AuditEntry Changed(Guid? tenantId, string part, string? logoSha256 = null)
    {
        var detail = new Dictionary<string, string>(StringComparer.Ordinal) { ["part"] = part };
        if (logoSha256 is not null)
        {
            detail["logo-sha256"] = logoSha256;
        }

        return new AuditEntry(AuditActions.BrandingChanged, tenantId) { TargetType = "branding", TargetId = tenantId?.ToString() ?? "msp", Detail = detail };
    }

    private void RequireOwnLabel(Guid? tenantId)
    {
        if (tenantId is { } id)
        {
            TenantSide.RequireActiveTenant(tenancy, id);
        }
    }
}
