namespace MspHub;

/// <summary>What a move, merge or copy carried from one tenant to another.</summary>
/// <param name="SourceTenantId">Where the rows came from.</param>
/// <param name="TargetTenantId">Where they are now (moved) or were added (copied).</param>
/// <param name="Rows">Rows moved or copied, by table; tables with none are left out.</param>
public sealed record TenantTransferReport(Guid SourceTenantId, Guid TargetTenantId, IReadOnlyDictionary<string, int> Rows);
