namespace MspHub;

/// <summary>What an import did with one item.</summary>
public enum ImportOutcome
{
    /// <summary>Nothing changed: it already matched.</summary>
    Unchanged = 0,

    /// <summary>It was created.</summary>
    Created = 1,

    /// <summary>It existed and was changed to match.</summary>
    Updated = 2,

    /// <summary>
    /// It was left out: a membership of a user who is MSP staff (technician or MSP admin) in the hub, who reaches
    /// tenants through grants and their shadow memberships, never through an ordinary membership a sync could give.
    /// </summary>
    Skipped = 3,
}
