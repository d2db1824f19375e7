namespace MspHub;

/// <summary>What an import did, or, for a dry run, would do.</summary>
/// <param name="DryRun">Whether nothing was kept.</param>
/// <param name="Changes">One line per tenant, user or membership: created, updated or unchanged, by external id.</param>
public sealed record ImportReport(bool DryRun, IReadOnlyList<ImportChange> Changes)
{
    /// <summary>How many changes of <paramref name="kind"/> and <paramref name="outcome"/>.</summary>
    public int Count(string kind, ImportOutcome outcome) => Changes.Count(c => c.Kind == kind && c.Outcome == outcome);
}
