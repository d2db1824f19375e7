namespace MspHub;

/// <summary>One item of an import.</summary>
/// <param name="Kind"><c>tenant</c>, <c>user</c> or <c>membership</c>.</param>
/// <param name="ExternalId">The item's external id (for a membership, the user's then the tenant's).</param>
/// <param name="LocalId">The id of the local tenant or user.</param>
/// <param name="Outcome">What happened to it.</param>
public sealed record ImportChange(string Kind, string ExternalId, Guid LocalId, ImportOutcome Outcome);
