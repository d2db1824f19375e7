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
}
