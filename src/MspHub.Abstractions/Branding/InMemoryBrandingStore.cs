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
    public Task SaveLabelAsync(Guid? tenantId, Branding label, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(label);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            var key = tenantId ?? Guid.Empty;
            _branding[key] = label with { LogoSha256 = _branding.GetValueOrDefault(key)?.LogoSha256 };
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task SaveLogoAsync(Guid? tenantId, BrandingLogo logo, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(logo);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            var key = tenantId ?? Guid.Empty;
            var replaced = _branding.GetValueOrDefault(key)?.LogoSha256;
            _logos.TryAdd(logo.Sha256, logo);
            _branding[key] = (_branding.GetValueOrDefault(key) ?? new Branding()) with { LogoSha256 = logo.Sha256 };

            // The replaced logo goes once no branding shows it, so uploads never pile up.
            if (replaced is not null && replaced != logo.Sha256 && !_branding.Values.Any(b => b.LogoSha256 == replaced))
            {
                _logos.Remove(replaced);
            }
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
