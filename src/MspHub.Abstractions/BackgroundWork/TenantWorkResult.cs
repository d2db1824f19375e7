namespace MspHub;

/// <summary>What an <see cref="ITenantWorkRunner"/> did with a piece of work.</summary>
/// <param name="Outcome">Whether the work ran, and if not, why.</param>
/// <param name="Tenant">The tenant the work ran in, or was refused for; <see langword="null"/> when none was found.</param>
public readonly record struct TenantWorkResult(TenantWorkOutcome Outcome, Tenant? Tenant)
{
    /// <summary>Whether the work ran to its end.</summary>
    public bool Completed => Outcome == TenantWorkOutcome.Completed;
}
