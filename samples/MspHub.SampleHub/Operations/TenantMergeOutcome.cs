namespace MspHub.SampleHub.Operations;

/// <summary>What a merge carried over, kept by name since the source no longer exists to be looked up.</summary>
/// <param name="SourceName">The merged tenant's name.</param>
/// <param name="SourceSlug">Its slug.</param>
/// <param name="TargetId">The tenant that received everything.</param>
/// <param name="TargetName">Its name.</param>
/// <param name="Rows">Rows moved per table, memberships included; tables with none are left out.</param>
public sealed record TenantMergeOutcome(string SourceName, string SourceSlug, Guid TargetId, string TargetName, IReadOnlyDictionary<string, int> Rows);
