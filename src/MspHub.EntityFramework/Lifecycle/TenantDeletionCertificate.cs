using System.Globalization;

namespace MspHub.EntityFramework;

/// <summary>
/// The <see cref="AuditActions.TenantDeletionCertified"/> record of a deletion: what was removed, the archive of the
/// tenant's chain and its SHA-256, and the chain's final head, signed at once, so an auditor can later prove the tenant
/// was deleted and match its archived log to the chain it came from. A record carries at most
/// <see cref="AuditEntry.MaxDetailEntries"/> details: <c>vault-data-key</c> says whether the tenant's vault data key was
/// destroyed (crypto-shredded) before any row went, so surviving copies of its ciphertext are unreadable; the largest tables are named in <c>rows.1</c> to <c>rows.6</c>
/// (<c>table=count</c>), and with more than <see cref="MaxTables"/> tables the rest are summed into <c>rows.other</c>.
/// </summary>
internal static class TenantDeletionCertificate
{
    /// <summary>How many tables are named one by one; the largest first.</summary>
    public const int MaxTables = 6;

    public static AuditEntry For(Tenant tenant, IReadOnlyDictionary<string, int> rows, int usersDeleted, AuditChainHead finalHead, AuditArchived? archive, bool dataKeyDestroyed)
    {
        var detail = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["slug"] = tenant.Slug,
            ["rows"] = Number(rows.Values.Sum()),
            ["tables"] = Number(rows.Count(r => r.Value > 0)),
            ["users-deleted"] = Number(usersDeleted),
            ["final-sequence"] = Number(finalHead.Sequence),
            ["final-hash"] = finalHead.Hash,
            ["vault-data-key"] = dataKeyDestroyed ? "destroyed" : "none",
        };
        if (archive is not null)
        {
            detail["archive"] = archive.Location;
            detail["archive-sha256"] = archive.Sha256;
            detail["archive-range"] = $"{Number(archive.Range.FromSequence)}-{Number(archive.Range.ToSequence)}";
        }

        // Table names go in values: a key is lowercase and must not name a secret, and tables such as api_keys would.
        var tables = rows.Where(r => r.Value > 0).OrderByDescending(r => r.Value).ThenBy(r => r.Key, StringComparer.Ordinal).ToList();
        var named = tables.Count <= MaxTables ? tables.Count : MaxTables - 1;
        for (var i = 0; i < named; i++)
        {
            detail[$"rows.{i + 1}"] = $"{tables[i].Key}={Number(tables[i].Value)}";
        }

        if (named < tables.Count)
        {
            detail["rows.other"] = Number(tables.Skip(named).Sum(t => t.Value));
        }

        return new AuditEntry(AuditActions.TenantDeletionCertified, tenantId: null)
        {
            TargetType = "tenant",
            TargetId = tenant.Id.ToString(),
            SignCheckpoint = true,
            Detail = detail,
        };
    }

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);
}
