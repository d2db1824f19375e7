namespace MspHub.EntityFramework;

/// <summary>
/// What the database role a context connects as means for row-level security, and whether every
/// tenant-owned table, and each of MspHub's own tenant-scoped tables, has it on. Produced by <see cref="PostgresRowLevelSecurity.CheckPostureAsync"/>.
/// </summary>
/// <param name="Role">The role the context connects as (<c>current_user</c>).</param>
/// <param name="IsSuperuser">The role is a superuser, or a member of one (it can <c>SET ROLE</c> to it): PostgreSQL applies no policy to it.</param>
/// <param name="BypassesRowLevelSecurity">The role has <c>BYPASSRLS</c>, or is a member of a role that has: PostgreSQL applies no policy to it.</param>
/// <param name="Tables">Each tenant-owned table of the model, then MspHub's own tenant-scoped tables, as the database reports them.</param>
public sealed record RowLevelSecurityPosture(string Role, bool IsSuperuser, bool BypassesRowLevelSecurity, IReadOnlyList<TableRowLevelSecurity> Tables)
{
    /// <summary>
    /// Whether the policies hold for this role on every table they cover: the role is neither superuser
    /// nor <c>BYPASSRLS</c>, and each table exists, has row-level security enabled and forced, and carries
    /// both MspHub policies.
    /// </summary>
    public bool IsSound => !IsSuperuser && !BypassesRowLevelSecurity && Tables.All(t => t.IsSound);

    /// <summary>One sentence per problem found, empty when <see cref="IsSound"/>.</summary>
    public IReadOnlyList<string> Problems
    {
        get
        {
            var problems = new List<string>();
            if (IsSuperuser)
            {
                problems.Add($"Role '{Role}' is a superuser, or can become one with SET ROLE, which skips every row-level security policy.");
            }

            if (BypassesRowLevelSecurity)
            {
                problems.Add($"Role '{Role}' has BYPASSRLS, or can become a role that has it with SET ROLE, which skips every row-level security policy.");
            }

            problems.AddRange(Tables.SelectMany(t => t.Problems));
            return problems;
        }
    }
}

/// <summary>Row-level security on one tenant-owned table (or one of MspHub's own tenant-scoped tables), as the database reports it.</summary>
/// <param name="Table">The table, with its schema when it has one.</param>
/// <param name="Exists">The table exists in the database.</param>
/// <param name="Enabled">Row-level security is enabled (<c>ENABLE ROW LEVEL SECURITY</c>).</param>
/// <param name="Forced">Row-level security applies to the table's owner too (<c>FORCE ROW LEVEL SECURITY</c>).</param>
/// <param name="HasPolicies">Both MspHub policies exist, the isolation one restrictive.</param>
/// <param name="OwnedByRole">The connecting role owns the table, or can become its owner with <c>SET ROLE</c>; with <see cref="Forced"/> off it would skip the policies, and an owner can switch them off.</param>
public sealed record TableRowLevelSecurity(string Table, bool Exists, bool Enabled, bool Forced, bool HasPolicies, bool OwnedByRole)
{
    /// <summary>Whether the table is covered: it exists, row-level security is enabled and forced, both policies are there, and the connecting role does not own it.</summary>
    public bool IsSound => Exists && Enabled && Forced && HasPolicies && !OwnedByRole;

    /// <summary>One sentence per problem found on this table.</summary>
    public IEnumerable<string> Problems
    {
        get
        {
            if (!Exists)
            {
                yield return $"Table {Table} does not exist.";
                yield break;
            }

            if (!Enabled)
            {
                yield return $"Table {Table} does not have row-level security enabled.";
            }

            if (!Forced)
            {
                yield return $"Table {Table} does not force row-level security on its owner.";
            }

            if (!HasPolicies)
            {
                yield return $"Table {Table} lacks MspHub's policies ({PostgresRowLevelSecurity.PolicyName} as restrictive, {PostgresRowLevelSecurity.PermissivePolicyName}).";
            }

            if (OwnedByRole)
            {
                yield return $"Table {Table} is owned by the connecting role, which can switch its policies off.";
            }
        }
    }
}
