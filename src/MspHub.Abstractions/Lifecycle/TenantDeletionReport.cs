namespace MspHub;

/// <summary>What deleting a tenant wiped.</summary>
/// <param name="TenantId">The deleted tenant.</param>
/// <param name="Slug">Its slug.</param>
/// <param name="RowsDeleted">Rows deleted, by table (schema-qualified where the provider has schemas); tables with none are left out.</param>
/// <param name="UsersDeleted">Users who belonged only to this tenant, now deleted.</param>
/// <param name="UsersMoved">Users who stay because they belong to other tenants; those for whom this tenant was primary now have another.</param>
public sealed record TenantDeletionReport(
    Guid TenantId, string Slug, IReadOnlyDictionary<string, int> RowsDeleted, IReadOnlyList<Guid> UsersDeleted, IReadOnlyList<Guid> UsersMoved)
{
    /// <summary>
    /// The <see cref="AuditActions.TenantDeletionCertified"/> record on the MSP chain, signed at once when checkpoints are
    /// configured: what a host shows or files as proof of the deletion; <see langword="null"/> where no audit log records it.
    /// </summary>
    public AuditRecord? Certificate { get; init; }
}
