namespace MspHub;

/// <summary>Where branding and logos are kept. Use <see cref="IBrandingService"/> to change branding; stores only persist.</summary>
public interface IBrandingStore
{
    /// <summary>The branding set for <paramref name="tenantId"/>, or the MSP-wide branding when it is <see langword="null"/>; <see langword="null"/> when none is set.</summary>
    ValueTask<Branding?> FindAsync(Guid? tenantId, CancellationToken cancellationToken = default);

    /// <summary>Sets the branding of <paramref name="tenantId"/>, or the MSP-wide branding when it is <see langword="null"/>.</summary>
    Task SaveAsync(Guid? tenantId, Branding branding, CancellationToken cancellationToken = default);

    /// <summary>Stores <paramref name="logo"/> unless a logo with the same hash is stored already.</summary>
    Task AddLogoAsync(BrandingLogo logo, CancellationToken cancellationToken = default);

    /// <summary>The logo with <paramref name="sha256"/>, or <see langword="null"/>.</summary>
    ValueTask<BrandingLogo?> FindLogoAsync(string sha256, CancellationToken cancellationToken = default);
}
