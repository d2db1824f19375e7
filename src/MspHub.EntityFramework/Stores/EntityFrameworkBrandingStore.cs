using System.Runtime.ExceptionServices;
using Microsoft.EntityFrameworkCore;

namespace MspHub.EntityFramework;

/// <summary>
/// <see cref="IBrandingStore"/> over the <c>branding</c> and <c>logos</c> tables. Each write is one statement
/// that sets only its own columns, so label and logo changes never overwrite each other; a first save that
/// loses an insert race to a concurrent one updates the row the other inserted. Inside a transaction of the
/// caller's, EF Core's automatic savepoint keeps a lost race from aborting it. Under row-level security each
/// call reaches only the branding it names: the tenant's, or the MSP-wide one under the empty id.
/// </summary>
internal sealed class EntityFrameworkBrandingStore<TContext>(TContext context) : IBrandingStore
    where TContext : DbContext
{
    public async ValueTask<Branding?> FindAsync(Guid? tenantId, CancellationToken cancellationToken = default)
    {
        var scope = tenantId ?? Guid.Empty;
        using var store = StoreScope.For(scope);
        var row = await context.Set<BrandingRow>().AsNoTracking().FirstOrDefaultAsync(b => b.ScopeId == scope, cancellationToken).ConfigureAwait(false);
        return row is null
            ? null
            : new Branding { LogoSha256 = row.LogoSha256, PrimaryColor = row.PrimaryColor, SecondaryColor = row.SecondaryColor, Title = row.Title };
    }

    public async Task SaveLabelAsync(Guid? tenantId, Branding label, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(label);
        var scope = tenantId ?? Guid.Empty;
        using var store = StoreScope.For(scope);
        await UpsertAsync(
            () => context.Set<BrandingRow>().Where(b => b.ScopeId == scope).ExecuteUpdateAsync(
                set => set
                    .SetProperty(b => b.PrimaryColor, label.PrimaryColor)
                    .SetProperty(b => b.SecondaryColor, label.SecondaryColor)
                    .SetProperty(b => b.Title, label.Title),
                cancellationToken),
            new BrandingRow { ScopeId = scope, PrimaryColor = label.PrimaryColor, SecondaryColor = label.SecondaryColor, Title = label.Title },
            cancellationToken).ConfigureAwait(false);
    }

    public async Task SaveLogoAsync(Guid? tenantId, BrandingLogo logo, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(logo);
        var scope = tenantId ?? Guid.Empty;
        using var store = StoreScope.For(scope);
        await StoreOperation.RunAsync(context.Database, "saving a logo", StoreDatabase.LogosLock, async _ =>
        {
            var replaced = await context.Set<BrandingRow>().Where(b => b.ScopeId == scope).Select(b => b.LogoSha256)
                .FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);

            // The logo first, so a branding never names a logo that is not stored.
            if (!await LogoExistsAsync(logo.Sha256, cancellationToken).ConfigureAwait(false)
                && await TryInsertAsync(logo, cancellationToken).ConfigureAwait(false) is { } error
                && !await LogoExistsAsync(logo.Sha256, cancellationToken).ConfigureAwait(false))
            {
                ExceptionDispatchInfo.Throw(error);
            }

            await UpsertAsync(
                () => context.Set<BrandingRow>().Where(b => b.ScopeId == scope).ExecuteUpdateAsync(set => set.SetProperty(b => b.LogoSha256, logo.Sha256), cancellationToken),
                new BrandingRow { ScopeId = scope, LogoSha256 = logo.Sha256 },
                cancellationToken).ConfigureAwait(false);

            // The logo it replaced is no longer served once no branding shows it: uploads cannot pile up in the shared
            // table, and nothing of a tenant's stays downloadable after it changed or deleted its logo. The lock above
            // keeps another transaction from showing it between this check and the commit.
            if (replaced is not null && replaced != logo.Sha256)
            {
                using var everyBranding = StoreScope.AllTenants();   // "no branding shows it" means no tenant's either
                await BrandingLogos.Unshown(context, l => l.Sha256 == replaced, exceptScope: null).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
            }
        }, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<BrandingLogo?> FindLogoAsync(string sha256, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sha256);
        return await context.Set<BrandingLogo>().AsNoTracking().FirstOrDefaultAsync(l => l.Sha256 == sha256, cancellationToken).ConfigureAwait(false);
    }

    // Updates the row; inserts it when there is none; and when a concurrent first save inserted it meanwhile, updates that one.
    private async Task UpsertAsync(Func<Task<int>> update, BrandingRow row, CancellationToken cancellationToken)
    {
        if (await update().ConfigureAwait(false) > 0)
        {
            return;
        }

        if (await TryInsertAsync(row, cancellationToken).ConfigureAwait(false) is { } error && await update().ConfigureAwait(false) == 0)
        {
            ExceptionDispatchInfo.Throw(error);
        }
    }

    // The database's refusal of the insert (a row with the same key, most likely), or null when it was stored.
    private async Task<DbUpdateException?> TryInsertAsync<T>(T row, CancellationToken cancellationToken)
        where T : class
    {
        try
        {
            await StoreWrites.InsertAsync(context, row, _ => Task.FromResult<ConflictException?>(null), cancellationToken).ConfigureAwait(false);
            return null;
        }
        catch (DbUpdateException error)
        {
            return error;
        }
    }

    private Task<bool> LogoExistsAsync(string sha256, CancellationToken cancellationToken) =>
        context.Set<BrandingLogo>().AnyAsync(l => l.Sha256 == sha256, cancellationToken);
}
