namespace MspHub.SampleHub.Operations;

/// <summary>What duplicating a dashboard did: the tenants (by slug) it was copied to, and those that already had a dashboard of its name.</summary>
public sealed record DashboardCopies(string Name, IReadOnlyList<string> CopiedTo, IReadOnlyList<string> AlreadyThere)
{
    /// <summary>The notice the page shows.</summary>
    public string Describe() =>
        (CopiedTo.Count == 0 ? $"Nothing was copied: no tenant lacked dashboard '{Name}'." : $"Dashboard '{Name}' copied to {string.Join(", ", CopiedTo)}.")
        + (AlreadyThere.Count == 0 ? "" : $" Already there, so left as it was: {string.Join(", ", AlreadyThere)}.");
}
