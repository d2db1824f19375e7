namespace MspHub;

/// <summary>How <see cref="ITenantDataTransfer.MergeAsync"/> carries the source's members into the target.</summary>
/// <remarks>
/// A role's name says nothing about what it allows: the source's administrators chose its roles and names,
/// so a view-only role the source called "Owner" is not the target's "Owner". Members therefore join the
/// target with no tenant roles unless <see cref="RoleMap"/> says which target role a source role becomes.
/// </remarks>
/// <example>
/// <code>
/// await transfer.MergeAsync(oldClient.Id, client.Id, confirmSourceSlug: "old-client",
///     new TenantMergeOptions { RoleMap = new Dictionary&lt;string, string&gt; { ["Helpdesk"] = "Agent" } }, cancellationToken);
/// </code>
/// </example>
public sealed record TenantMergeOptions
{
    /// <summary>
    /// Source role name to target role name (names compared ignoring case). A member who joins the target holds
    /// the target roles their source roles map to; source roles not in the map are dropped. Every key must be a
    /// role of the source and every value a role of the target. Empty by default: members join with no roles.
    /// </summary>
    public IReadOnlyDictionary<string, string> RoleMap { get; init; } = new Dictionary<string, string>();
}
