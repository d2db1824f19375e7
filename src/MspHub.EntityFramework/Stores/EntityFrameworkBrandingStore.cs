using Microsoft.EntityFrameworkCore;

namespace MspHub.EntityFramework;

/// <summary><see cref="IBrandingStore"/> over the <c>branding</c> and <c>logos</c> tables.</summary>
internal sealed class EntityFrameworkBrandingStore<TContext>(TContext context) : IBrandingStore
    where TContext : DbContext
{
    public async ValueTask<Branding?> FindAsync(Guid? tenantId, CancellationToken cancellationToken = default)
    {
        var scope = tenantId ?? Guid.Empty;
        var row = await context.Set<BrandingRow>().AsNoTracking().FirstOrDefaultAsync(b => b.ScopeId == scope, cancellationToken).ConfigureAwait(false);
        return row is null
            ? null
            : new Branding { LogoSha256 = row.LogoSha256, PrimaryColor = row.PrimaryColor, SecondaryColor = row.SecondaryColor, Title = row.Title };
    }

    public async Task SaveAsync(Guid? tenantId, Branding branding, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(branding);
        var scope = tenantId ?? Guid.Empty;
        var updated = await context.Set<BrandingRow>().Where(b => b.ScopeId == scope).ExecuteUpdateAsync(
            set => set
                .SetProperty(b => b.LogoSha256, branding.LogoSha256)
                .SetProperty(b => b.PrimaryColor, branding.PrimaryColor)
                .SetProperty(b => b.SecondaryColor, branding.SecondaryColor)
                .SetProperty(b => b.Title, branding.Title),
            cancellationToken).ConfigureAwait(false);
        if (updated == 0)
        {
            var row = new BrandingRow
            {
                ScopeId = scope,
                LogoSha256 = branding.LogoSha256,
                PrimaryColor = branding.PrimaryColor,
                SecondaryColor = branding.SecondaryColor,
                Title = branding.Title,
            };
            await StoreWrites.InsertAsync(context, row, _ => Task.FromResult<ConflictException?>(null), cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task AddLogoAsync(BrandingLogo logo, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(logo);
        if (await LogoExistsAsync(logo.Sha256, cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        try
        {
            await StoreWrites.InsertAsync(context, logo, _ => Task.FromResult<ConflictException?>(null), cancellationToken).ConfigureAwait(false);
        }
        catch (DbUpdateException)
        {
            // A concurrent upload of the same image may have stored it first; the bytes are the same, so that is no loss.
            if (!await LogoExistsAsync(logo.Sha256, cancellationToken).ConfigureAwait(false))
            {
                throw;
            }
        }
    }

    private Task<bool> LogoExistsAsync(string sha256, CancellationToken cancellationToken) =>
        context.Set<BrandingLogo>().AnyAsync(l => l.Sha256 == sha256, cancellationToken);

    public async ValueTask<BrandingLogo?> FindLogoAsync(string sha256, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sha256);
        return await context.Set<BrandingLogo>().AsNoTracking().FirstOrDefaultAsync(l => l.Sha256 == sha256, cancellationToken).ConfigureAwait(false);
    }
}
