namespace MspHub;

/// <summary>
/// How long, and how many records, a chain's tail may stay unsigned after its last checkpoint: the
/// <see cref="AuditCheckpointOptions.EveryRecords"/> and <see cref="AuditCheckpointOptions.Every"/> the host signs with,
/// and a grace for the sealer (<see cref="IAuditSealer"/>) to run. Verification holds a chain to them because the tail after
/// the last checkpoint is the one part someone with write access to the tables can delete and re-forge without the key;
/// a tail longer or older than the host's own policy allows is how that shows.
/// </summary>
public sealed record AuditTailLimits
{
    /// <summary>Limits for a host that signs every <paramref name="everyRecords"/> records or <paramref name="every"/>, sealed within <paramref name="grace"/> after that.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A count or interval is not positive, the grace is negative, or the interval and the grace add up to more than <see cref="TimeSpan.MaxValue"/>.</exception>
    public AuditTailLimits(int everyRecords, TimeSpan every, TimeSpan grace)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(everyRecords);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(every, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(grace, TimeSpan.Zero);

        // A tail is judged against their sum.
        ArgumentOutOfRangeException.ThrowIfGreaterThan(grace, TimeSpan.MaxValue - every);
        (EveryRecords, Every, Grace) = (everyRecords, every, grace);
    }

    /// <summary>The host's <see cref="AuditCheckpointOptions.EveryRecords"/>: an append signs the record that makes this many since the last checkpoint.</summary>
    public int EveryRecords { get; }

    /// <summary>The host's <see cref="AuditCheckpointOptions.Every"/>: an append this long after the last checkpoint signs, and the sealer signs a tail this old.</summary>
    public TimeSpan Every { get; }

    /// <summary>The host's <see cref="AuditCheckpointOptions.SealGrace"/>: how much longer than <see cref="Every"/> a record may wait for its checkpoint (the sealer's period, clock skew).</summary>
    public TimeSpan Grace { get; }

    /// <summary>The limits of a host's checkpoint options.</summary>
    public static AuditTailLimits From(AuditCheckpointOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new(options.EveryRecords, options.Every, options.SealGrace);
    }
}
