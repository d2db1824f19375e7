namespace MspHub;

/// <summary>A thread-safe <see cref="IBrandingStore"/> in process memory, for tests and small hosts.</summary>
public sealed class InMemoryBrandingStore : IBrandingStore
{
    private readonly Lock _lock = new();
    private readonly Dictionary<Guid, Branding> _branding = [];
    private readonly Dictionary<string, BrandingLogo> _logos = new(StringComparer.Ordinal);

    /// <summary>How many distinct logos are stored.</summary>
    public int LogoCount
    {
        get
        {
            lock (_lock)
            {
                return _logos.Count;
            }
        }
    }

    /// <inheritdoc />
    public ValueTask<Branding?> FindAsync(Guid? tenantId, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            return new(_branding.GetValueOrDefault(tenantId ?? Guid.Empty));
        }
    }

    /// <inheritdoc />
    public Task SaveAsync(Guid? tenantId, Branding branding, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(branding);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            _branding[tenantId ?? Guid.Empty] = branding;
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task AddLogoAsync(BrandingLogo logo, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(logo);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            _logos.TryAdd(logo.Sha256, logo);
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask<BrandingLogo?> FindLogoAsync(string sha256, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sha256);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            return new(_logos.GetValueOrDefault(sha256));
        }
    }
}
