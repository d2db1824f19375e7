using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace MspHub.EntityFramework;

/// <summary>One table holding a tenant-owned entity's tenant id column, or one of MspHub's own tenant-scoped tables.</summary>
/// <param name="Table">The table name.</param>
/// <param name="Schema">The table's schema, or <see langword="null"/> for the default.</param>
/// <param name="TenantIdColumn">The tenant id column.</param>
internal sealed record TenantTable(string Table, string? Schema, string TenantIdColumn)
{
    /// <summary>The table's name with its schema, as reports show it.</summary>
    public string Qualified => TableNames.Qualified(Table, Schema);

    /// <summary>
    /// Every table in <paramref name="model"/> (built with <c>ApplyMspHub</c>) that holds a tenant-owned
    /// entity's tenant id column, once each, including each table of a table-per-concrete-type hierarchy.
    /// The derived tables of table-per-type and owned collections hold no such column.
    /// </summary>
    public static IEnumerable<TenantTable> In(IReadOnlyModel model)
    {
        var seen = new HashSet<(string, string?)>();
        foreach (var entityType in model.GetEntityTypes())
        {
            if (TenantAnnotations.TenantIdProperty(entityType) is { } propertyName && Of(entityType, propertyName) is { } table
                && seen.Add((table.Table, table.Schema)))
            {
                yield return table;
            }
        }
    }

    /// <summary>
    /// MspHub's own tables in <paramref name="model"/> that hold one tenant's rows, with the column naming the
    /// tenant: memberships, tenant roles, technician grants and the requests for them, API keys, tenant settings, quota counters,
    /// approval requests, gate notifications and brandings (whose MSP-wide row has the empty id, which no tenant has), and the vault's data keys, secrets and versions. Not the tenants, users, logos,
    /// activations or external links: none of them belongs to one tenant. Empty when the model does not map
    /// MspHub's tables.
    /// </summary>
    public static IEnumerable<TenantTable> MspHubOwn(IReadOnlyModel model)
    {
        foreach (var (type, propertyName) in MspHubTenantColumns)
        {
            if (model.FindEntityType(type) is { } entityType && Of(entityType, propertyName) is { } table)
            {
                yield return table;
            }
        }
    }

    /// <summary>Every table row-level security covers: the host's tenant-owned tables, then MspHub's own tenant-scoped ones.</summary>
    public static IEnumerable<TenantTable> Secured(IReadOnlyModel model) => In(model).Concat(MspHubOwn(model));

    // The table of the entity type, with the column its tenant id property maps to there; none when either is missing.
    private static TenantTable? Of(IReadOnlyEntityType entityType, string propertyName) =>
        entityType.FindProperty(propertyName) is { } property && TableNames.Column(entityType, property) is { } column
            ? new TenantTable(entityType.GetTableName()!, entityType.GetSchema(), column)
            : null;

    private static readonly (Type Entity, string Property)[] MspHubTenantColumns =
    [
        (typeof(Membership), nameof(Membership.TenantId)),
        (typeof(TenantRole), nameof(TenantRole.TenantId)),
        (typeof(TenantInvitation), nameof(TenantInvitation.TenantId)),
        (typeof(TechnicianGrant), nameof(TechnicianGrant.TenantId)),
        (typeof(TechnicianGrantRequest), nameof(TechnicianGrantRequest.TenantId)),
        (typeof(TechnicianElevation), nameof(TechnicianElevation.TenantId)),
        (typeof(ApiKey), nameof(ApiKey.TenantId)),
        (typeof(SettingRow), nameof(SettingRow.TenantId)),
        (typeof(QuotaCounterRow), nameof(QuotaCounterRow.TenantId)),
        (typeof(BrandingRow), nameof(BrandingRow.ScopeId)),
        (typeof(ApprovalRequest), nameof(ApprovalRequest.TenantId)),
        (typeof(GateNotificationRow), nameof(GateNotificationRow.TenantId)),
        (typeof(VaultDataKeyRow), nameof(VaultDataKeyRow.TenantId)),
        (typeof(VaultSecretRow), nameof(VaultSecretRow.TenantId)),
        (typeof(VaultVersionRow), nameof(VaultVersionRow.TenantId)),
    ];
}
