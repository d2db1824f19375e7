using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace MspHub.EntityFramework;

/// <summary>
/// <see cref="ITenantImport"/> over <typeparamref name="TContext"/>: external ids map to local ids through the
/// <c>external_links</c> table; tenants are created through the lifecycle (limit, default roles, shadow
/// members), parents before children; a dry run rolls the whole transaction back.
/// </summary>
internal sealed class EntityFrameworkTenantImport<TContext>(
    TContext context,
    ITenantStore tenants,
    IHubUserStore users,
    IMembershipStore memberships,
    EntityFrameworkTenantLifecycle<TContext> lifecycle,
    IAuditLog audit,
    IOptions<MspHubOptions> options,
    MspHubTelemetry telemetry) : ITenantImport
    where TContext : DbContext
{
    public Task<ImportReport> ImportAsync(ImportBatch batch, bool dryRun = false, CancellationToken cancellationToken = default) =>
        telemetry.TraceAsync(MspHubDiagnostics.ImportActivity, tenantId: null, () => ImportTracedAsync(batch, dryRun, cancellationToken));

    private async Task<ImportReport> ImportTracedAsync(ImportBatch batch, bool dryRun, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        RefuseMalformed(batch);
        var ordered = ParentsFirst(batch.Tenants);
        RefuseDuplicates(batch.Users.Select(u => u.ExternalId), "user");

        return await StoreOperation.RunAsync(context.Database, $"importing from '{batch.System}'", lockKey: null, async transaction =>
        {
            if (dryRun && !transaction.IsOwned)
            {
                throw new InvalidOperationException("A dry run rolls back its own transaction, so it cannot run inside one that is already open.");
            }

            var links = await context.Set<ExternalLinkRow>().AsNoTracking().Where(l => l.System == batch.System)
                .ToDictionaryAsync(l => (l.Kind, l.ExternalId), l => l.LocalId, cancellationToken).ConfigureAwait(false);
            var changes = new List<ImportChange>();
            foreach (var tenant in ordered)
            {
                changes.Add(await UpsertTenantAsync(batch.System, tenant, links, cancellationToken).ConfigureAwait(false));
            }

            foreach (var user in batch.Users)
            {
                changes.AddRange(await UpsertUserAsync(batch.System, user, links, cancellationToken).ConfigureAwait(false));
            }

            var report = new ImportReport(dryRun, changes);
            if (dryRun)
            {
                await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await audit.RecordAsync(Describe(batch.System, report), cancellationToken).ConfigureAwait(false);
            }

            return report;
        }, cancellationToken).ConfigureAwait(false);
    }

    private static AuditEntry Describe(string system, ImportReport report)
    {
        var detail = new Dictionary<string, string>(StringComparer.Ordinal) { ["system"] = system };
        foreach (var kind in report.Changes.Select(c => c.Kind).Distinct(StringComparer.Ordinal))
        {
            foreach (var outcome in Enum.GetValues<ImportOutcome>())
            {
                detail[$"{kind}s-{outcome.ToString().ToLowerInvariant()}"] = report.Count(kind, outcome).ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        return new AuditEntry(AuditActions.TenantsImported, tenantId: null) { TargetType = "import", TargetId = system, Detail = detail };
    }

    private async Task<ImportChange> UpsertTenantAsync(string system, ImportedTenant imported, Dictionary<(string, string), Guid> links, CancellationToken cancellationToken)
    {
        Guid? parentId = imported.ParentExternalId is { } parent
            ? links.TryGetValue((ExternalLinkRow.TenantKind, parent), out var parentLocal)
                ? parentLocal
                : throw new TenantOperationException($"Tenant '{imported.ExternalId}' names parent '{parent}', which is neither in the batch nor imported before.")
            : null;
        var existing = links.TryGetValue((ExternalLinkRow.TenantKind, imported.ExternalId), out var localId)
            ? await tenants.FindByIdAsync(localId, cancellationToken).ConfigureAwait(false)
            : null;
        if (existing is null)
        {
            var created = await lifecycle.CreateAsync(imported.Slug, imported.Name, parentId, cancellationToken).ConfigureAwait(false);
            await LinkAsync(system, ExternalLinkRow.TenantKind, imported.ExternalId, created.Id, cancellationToken).ConfigureAwait(false);
            links[(ExternalLinkRow.TenantKind, imported.ExternalId)] = created.Id;
            return new ImportChange("tenant", imported.ExternalId, created.Id, ImportOutcome.Created);
        }

        var changed = false;
        if (!string.Equals(existing.Slug, imported.Slug, StringComparison.OrdinalIgnoreCase) || existing.Name != imported.Name)
        {
            await lifecycle.UpdateAsync(existing.Id, imported.Slug, imported.Name, cancellationToken).ConfigureAwait(false);
            changed = true;
        }

        if (existing.ParentId != parentId)
        {
            await lifecycle.MoveAsync(existing.Id, parentId, cancellationToken).ConfigureAwait(false);
            changed = true;
        }

        return new ImportChange("tenant", imported.ExternalId, existing.Id, changed ? ImportOutcome.Updated : ImportOutcome.Unchanged);
    }

    private async Task<List<ImportChange>> UpsertUserAsync(string system, ImportedUser imported, Dictionary<(string, string), Guid> links, CancellationToken cancellationToken)
    {
        var changes = new List<ImportChange>();
        var existing = links.TryGetValue((ExternalLinkRow.UserKind, imported.ExternalId), out var localId)
            ? await users.FindUserAsync(localId, cancellationToken).ConfigureAwait(false)
            : null;
        Guid userId;
        if (existing is null)
        {
            var user = HubUser.Create(imported.UserName);
            await users.AddUserAsync(user, cancellationToken).ConfigureAwait(false);
            await LinkAsync(system, ExternalLinkRow.UserKind, imported.ExternalId, user.Id, cancellationToken).ConfigureAwait(false);
            changes.Add(new ImportChange("user", imported.ExternalId, user.Id, ImportOutcome.Created));
            userId = user.Id;
        }
        else
        {
            var renamed = existing.UserName != imported.UserName
                && await users.TryUpdateUserAsync(existing.Id, u => u with { UserName = imported.UserName }, cancellationToken).ConfigureAwait(false);
            changes.Add(new ImportChange("user", imported.ExternalId, existing.Id, renamed ? ImportOutcome.Updated : ImportOutcome.Unchanged));
            userId = existing.Id;
        }

        // MSP staff reach tenants through grants (and consent), never through a membership the external system gives.
        var staff = existing is not null && existing.SystemRole != SystemRole.None;
        foreach (var tenantExternalId in imported.TenantExternalIds.Distinct(StringComparer.Ordinal))
        {
            var tenantId = links.TryGetValue((ExternalLinkRow.TenantKind, tenantExternalId), out var tenantLocal)
                ? tenantLocal
                : throw new TenantOperationException($"User '{imported.ExternalId}' belongs to tenant '{tenantExternalId}', which is neither in the batch nor imported before.");
            if (staff)
            {
                changes.Add(new ImportChange("membership", $"{imported.ExternalId}@{tenantExternalId}", tenantId, ImportOutcome.Skipped));
                continue;
            }

            var member = await memberships.FindMembershipAsync(userId, tenantId, cancellationToken).ConfigureAwait(false) is not null;
            if (!member)
            {
                await memberships.SaveMembershipAsync(new Membership { UserId = userId, TenantId = tenantId }, cancellationToken).ConfigureAwait(false);
            }

            changes.Add(new ImportChange("membership", $"{imported.ExternalId}@{tenantExternalId}", tenantId, member ? ImportOutcome.Unchanged : ImportOutcome.Created));
        }

        return changes;
    }

    // Replaces a link whose local tenant or user was deleted since it was made.
    private async Task LinkAsync(string system, string kind, string externalId, Guid localId, CancellationToken cancellationToken)
    {
        await context.Set<ExternalLinkRow>().Where(l => l.System == system && l.Kind == kind && l.ExternalId == externalId)
            .ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
        await StoreWrites.InsertAsync(
            context,
            new ExternalLinkRow { System = system, Kind = kind, ExternalId = externalId, LocalId = localId },
            _ => Task.FromResult<ConflictException?>(null),
            cancellationToken).ConfigureAwait(false);
    }

    // Parents before their children, so each child's parent exists when it is created. Iterative: each tenant's
    // chain of parents within the batch is walked up to the first placed one, and no chain may be deeper than
    // the hierarchy allows, so a long (or circular) chain is a clear error and never a deep recursion.
    private List<ImportedTenant> ParentsFirst(IReadOnlyList<ImportedTenant> tenants)
    {
        RefuseDuplicates(tenants.Select(t => t.ExternalId), "tenant");
        var maxDepth = options.Value.MaxTenantDepth;
        var inBatch = tenants.ToDictionary(t => t.ExternalId, StringComparer.Ordinal);
        var depths = new Dictionary<string, int>(StringComparer.Ordinal); // levels within the batch, 1 for a batch root
        var ordered = new List<ImportedTenant>(tenants.Count);
        foreach (var tenant in tenants)
        {
            var chain = new List<ImportedTenant>();
            var above = 0; // the depth of the placed tenant the chain hangs from, 0 for none
            for (var current = tenant; current is not null && !depths.TryGetValue(current.ExternalId, out above);)
            {
                chain.Add(current);
                var next = current.ParentExternalId is { } parent ? inBatch.GetValueOrDefault(parent) : null;
                if (next is not null && chain.Contains(next))
                {
                    throw new TenantOperationException($"Tenant '{next.ExternalId}' is its own ancestor in the batch.");
                }

                if (chain.Count > maxDepth)
                {
                    throw new TenantOperationException(
                        $"Tenant '{tenant.ExternalId}' sits more than {maxDepth} levels deep within the batch; the hierarchy allows {maxDepth} (MspHub:MaxTenantDepth).");
                }

                current = next;
            }

            if (chain.Count + above > maxDepth)
            {
                throw new TenantOperationException(
                    $"Tenant '{tenant.ExternalId}' sits {chain.Count + above} levels deep within the batch; the hierarchy allows {maxDepth} (MspHub:MaxTenantDepth).");
            }

            for (var i = chain.Count - 1; i >= 0; i--)
            {
                depths[chain[i].ExternalId] = ++above;
                ordered.Add(chain[i]);
            }
        }

        return ordered;
    }

    // The source system's name and every external id are kept (and shown in reports) as one line of plain text, at most
    // as long as their columns: a NUL that PostgreSQL would refuse, a line break or an empty id is refused before anything is read.
    private static void RefuseMalformed(ImportBatch batch)
    {
        Guard.Name(batch.System, "The source system's name", ExternalLinkRow.MaxSystemLength, nameof(batch));
        foreach (var tenant in batch.Tenants ?? throw new ArgumentException("The batch's tenants are required (an empty list for none).", nameof(batch)))
        {
            Guard.Name((tenant ?? throw new ArgumentException("The batch lists a tenant that is null.", nameof(batch))).ExternalId, "A tenant's external id", ExternalLinkRow.MaxExternalIdLength, nameof(batch));
            if (tenant.ParentExternalId is { } parent)
            {
                Guard.Name(parent, "A tenant's parent external id", ExternalLinkRow.MaxExternalIdLength, nameof(batch));
            }
        }

        foreach (var user in batch.Users ?? throw new ArgumentException("The batch's users are required (an empty list for none).", nameof(batch)))
        {
            Guard.Name((user ?? throw new ArgumentException("The batch lists a user that is null.", nameof(batch))).ExternalId, "A user's external id", ExternalLinkRow.MaxExternalIdLength, nameof(batch));
            foreach (var tenant in user.TenantExternalIds ?? throw new ArgumentException($"User '{user.ExternalId}' lists no tenants (an empty list for none).", nameof(batch)))
            {
                Guard.Name(tenant, "A user's tenant external id", ExternalLinkRow.MaxExternalIdLength, nameof(batch));
            }
        }
    }

    private static void RefuseDuplicates(IEnumerable<string> externalIds, string kind)
    {
        if (externalIds.GroupBy(id => id, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } duplicate)
        {
            throw new TenantOperationException($"The batch names {kind} '{duplicate.Key}' more than once.");
        }
    }
}
