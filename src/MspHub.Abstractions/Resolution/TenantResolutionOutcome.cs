namespace MspHub;

/// <summary>How a resolution ended.</summary>
public enum TenantResolutionOutcome
{
    /// <summary>No strategy found an identifier in the request.</summary>
    NoIdentifier = 0,

    /// <summary>A strategy found an identifier, but it names no tenant.</summary>
    NotFound = 1,

    /// <summary>A tenant was found.</summary>
    Resolved = 2,
}
