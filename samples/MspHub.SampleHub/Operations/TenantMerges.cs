using MspHub.SampleHub.Hosting;

namespace MspHub.SampleHub.Operations;

/// <summary>
/// Merging one tenant into another through the library's <see cref="ITenantDataTransfer.MergeAsync"/>: the source's
/// rows and members move to the target, then the source is deleted. The library makes every refusal (a wrong
/// confirmation, the same tenant twice, a source with tenants under it, a role the target lacks); this only turns what
/// the page posts into its arguments.
/// </summary>
public sealed class TenantMerges(ITenantStore tenants, ITenantDataTransfer transfer, ITenantRoleStore roleStore, CurrentSession session)
{
    /// <summary>The source's role names, each of which the admin may map to a target role of the same name or to none.</summary>
    public async Task<IReadOnlyList<string>> RoleNamesAsync(Guid tenantId, CancellationToken cancellationToken) =>
        [.. (await roleStore.ListRolesAsync(tenantId, cancellationToken)).Select(r => r.Name).Order(StringComparer.OrdinalIgnoreCase)];

    /// <param name="sourceId">The tenant that disappears.</param>
    /// <param name="targetId">The tenant that receives its data; none chosen is refused.</param>
    /// <param name="confirmSlug">The source's slug as typed.</param>
    /// <param name="roles">Source role to target role; an empty choice drops the role.</param>
    /// <param name="cancellationToken">Cancels the merge; nothing is left half-merged.</param>
    public async Task<TenantMergeOutcome> MergeAsync(Guid sourceId, Guid? targetId, string? confirmSlug, IReadOnlyDictionary<string, string?> roles, CancellationToken cancellationToken)
    {
        await session.DemandAsync(Perm.TenantsDelete, cancellationToken);
        var target = targetId is { } id
            ? await tenants.FindByIdAsync(id, cancellationToken) ?? throw new TenantNotFoundException(id.ToString())
            : throw new ArgumentException("Choose the tenant to merge into.");
        var source = await tenants.FindByIdAsync(sourceId, cancellationToken) ?? throw new TenantNotFoundException(sourceId.ToString());
        var options = new TenantMergeOptions
        {
            RoleMap = roles.Where(r => !string.IsNullOrWhiteSpace(r.Value)).ToDictionary(r => r.Key, r => r.Value!, StringComparer.OrdinalIgnoreCase),
        };
        var report = await transfer.MergeAsync(source.Id, target.Id, confirmSlug ?? "", options, cancellationToken);
        return new TenantMergeOutcome(source.Name, source.Slug, target.Id, target.Name, report.Rows);
    }
}
