namespace MspHub;

/// <summary>How many requests one tenant may make per window: its share of the host, so one busy tenant cannot starve the rest.</summary>
public readonly record struct TenantRateLimit
{
    /// <summary>Creates a limit of <paramref name="permitLimit"/> requests per <paramref name="window"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The permit limit or the window is not positive.</exception>
    public TenantRateLimit(int permitLimit, TimeSpan window)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(permitLimit, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(window, TimeSpan.Zero);
        PermitLimit = permitLimit;
        Window = window;
    }

    /// <summary>The requests allowed per <see cref="Window"/>.</summary>
    public int PermitLimit { get; }

    /// <summary>The fixed window the permits renew in.</summary>
    public TimeSpan Window { get; }

    /// <inheritdoc/>
    public override string ToString() => $"{PermitLimit} requests per {Window}";
}
