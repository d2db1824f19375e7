namespace MspHub;

/// <summary>
/// Where branding and logos are kept. Use <see cref="IBrandingService"/> to change branding; stores only persist.
/// Each write changes only its own fields in one atomic step, so a label change and a logo change made at the
/// same time both survive, and two first saves of the same branding or logo at the same time both succeed.
/// </summary>
public interface IBrandingStore
{
    /// <summary>The branding set for <paramref name="tenantId"/>, or the MSP-wide branding when it is <see langword="null"/>; <see langword="null"/> when none is set.</summary>
    ValueTask<Branding?> FindAsync(Guid? tenantId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Sets the colours and title of <paramref name="tenantId"/>'s branding (the MSP-wide one for <see langword="null"/>)
    /// to <paramref name="label"/>'s, keeping its logo; creates the branding when none is set. <paramref name="label"/>'s
    /// <see cref="Branding.LogoSha256"/> is ignored.
    /// </summary>
    Task SaveLabelAsync(Guid? tenantId, Branding label, CancellationToken cancellationToken = default);

    /// <summary>
    /// Stores <paramref name="logo"/> unless a logo with the same hash is stored already, and makes it the logo of
    /// <paramref name="tenantId"/>'s branding (the MSP-wide one for <see langword="null"/>), keeping its colours and
    /// title; creates the branding when none is set.
    /// </summary>
    Task SaveLogoAsync(Guid? tenantId, BrandingLogo logo, CancellationToken cancellationToken = default);

    /// <summary>The logo with <paramref name="sha256"/>, or <see langword="null"/>.</summary>
    ValueTask<BrandingLogo?> FindLogoAsync(string sha256, CancellationToken cancellationToken = default);
}
