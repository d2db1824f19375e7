namespace MspHub;

/// <summary>
/// The result of resolving a request: the tenant (if any), which strategy decided it, and the
/// identifier it found. A struct, and "not found" is a result rather than an exception, because this
/// runs on every request and unknown identifiers are routine (typos, probes, stale links).
/// </summary>
public readonly struct TenantResolution
{
    internal TenantResolution(TenantResolutionOutcome outcome, Tenant? tenant, string? strategyName, TenantIdentifier identifier)
    {
        Outcome = outcome;
        Tenant = tenant;
        StrategyName = strategyName;
        Identifier = identifier;
    }

    /// <summary>How the resolution ended.</summary>
    public TenantResolutionOutcome Outcome { get; }

    /// <summary>The tenant, when <see cref="Outcome"/> is <see cref="TenantResolutionOutcome.Resolved"/>.</summary>
    public Tenant? Tenant { get; }

    /// <summary>The name of the strategy that found the identifier, or <see langword="null"/> when none did.</summary>
    public string? StrategyName { get; }

    /// <summary>The identifier the strategy found.</summary>
    public TenantIdentifier Identifier { get; }

    /// <summary>Whether a tenant was found.</summary>
    public bool IsResolved => Outcome == TenantResolutionOutcome.Resolved;
}
