namespace MspHub;

/// <summary>A finished tenant move.</summary>
/// <param name="From">The placement the tenant left.</param>
/// <param name="To">Its placement now, under a new epoch.</param>
/// <param name="Tables">Each moved table as verified, in copy order.</param>
/// <param name="WritesFencedFor">How long the tenant's writes were refused: from the fence to the flip.</param>
/// <param name="SourcePurged">
/// Whether the source's copy was removed. When <see langword="false"/> the move still succeeded: the source rows
/// are unreachable (no route leads there) and the next move into that database replaces them; the log says why.
/// </param>
public sealed record TenantMoveResult(TenantPlacement From, TenantPlacement To, IReadOnlyList<TenantMoveTable> Tables, TimeSpan WritesFencedFor, bool SourcePurged);

/// <summary>One table of a tenant move, as verified on both sides under the fence.</summary>
/// <param name="Table">The table, schema-qualified where it has a schema.</param>
/// <param name="Rows">The tenant's rows in it, the same on source and target.</param>
/// <param name="Hash">The MD5 of the tenant's rows in key order, the same on source and target.</param>
/// <param name="RowsCopied">Rows written to the target, catch-up included.</param>
public sealed record TenantMoveTable(string Table, long Rows, string Hash, long RowsCopied);
