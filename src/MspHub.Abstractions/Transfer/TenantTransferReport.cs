namespace MspHub;

/// <summary>What a move or merge carried from one tenant to another.</summary>
/// <param name="SourceTenantId">Where the rows were.</param>
/// <param name="TargetTenantId">Where they are now.</param>
/// <param name="RowsMoved">Rows moved, by table; tables with none are left out.</param>
public sealed record TenantTransferReport(Guid SourceTenantId, Guid TargetTenantId, IReadOnlyDictionary<string, int> RowsMoved);
