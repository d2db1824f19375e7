using System.Globalization;

namespace MspHub.EntityFramework;

/// <summary>
/// The <see cref="AuditActions.TenantDeletionCertified"/> record of a deletion: what was removed, the archive of the
/// tenant's chain and its SHA-256, and the chain's final head, signed at once, so an auditor can later prove the tenant
/// was deleted and match its archived log to the chain it came from. A record carries at most
/// <see cref="AuditEntry.MaxDetailEntries"/> details: the tables beyond <see cref="MaxTables"/> are summed into <c>rows.other</c>.
/// </summary>
internal static class TenantDeletionCertificate
{
    /// <summary>How many tables are named one by one; the largest first.</summary>
    public const int MaxTables = 7;

    public static AuditEntry For(Tenant tenant, IReadOnlyDictionary<string, int> rows, int usersDeleted, AuditChainHead finalHead, AuditArchived? archive)
    {
        var detail = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["slug"] = tenant.Slug,
            ["rows"] = Number(rows.Values.Sum()),
            ["tables"] = Number(rows.Count(r => r.Value > 0)),
            ["users-deleted"] = Number(usersDeleted),
            ["final-sequence"] = Number(finalHead.Sequence),
            ["final-hash"] = finalHead.Hash,
        };
        if (archive is not null)
        {
            detail["archive"] = archive.Location;
            detail["archive-sha256"] = archive.Sha256;
            detail["archive-range"] = $"{Number(archive.Range.FromSequence)}-{Number(archive.Range.ToSequence)}";
        }

        var tables = rows.Where(r => r.Value > 0).GroupBy(r => Key(r.Key), (key, counts) => (Key: key, Count: counts.Sum(c => c.Value)))
            .OrderByDescending(t => t.Count).ThenBy(t => t.Key, StringComparer.Ordinal).ToList();
        var named = tables.Count <= MaxTables ? tables.Count : MaxTables - 1;
        foreach (var (key, count) in tables.Take(named))
        {
            detail[key] = Number(count);
        }

        if (named < tables.Count)
        {
            detail["rows.other"] = Number(tables.Skip(named).Sum(t => t.Count));
        }

        return new AuditEntry(AuditActions.TenantDeletionCertified, tenantId: null)
        {
            TargetType = "tenant",
            TargetId = tenant.Id.ToString(),
            SignCheckpoint = true,
            Detail = detail,
        };
    }

    // A detail key: lowercase letters, digits, dots, dashes and underscores, at most 64 characters.
    private static string Key(string table)
    {
        var key = "rows." + new string([.. table.ToLowerInvariant().Select(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '.' or '-' or '_' ? c : '_')]);
        return key.Length <= AuditEntry.MaxDetailKeyLength ? key : key[..AuditEntry.MaxDetailKeyLength];
    }

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);
}
