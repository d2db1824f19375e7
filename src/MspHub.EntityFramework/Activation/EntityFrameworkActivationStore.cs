using Microsoft.EntityFrameworkCore;

namespace MspHub.EntityFramework;

/// <summary>
/// <see cref="IActivationStore"/> over <typeparamref name="TContext"/>: one transaction, in a cross-tenant
/// scope (so row-level security lets the untenanted rows be reassigned), that concurrent activations wait for.
/// Untenanted rows are those whose tenant id is <see cref="Guid.Empty"/>, the default a migration gives the
/// column when MspHub is added to an existing database.
/// </summary>
internal sealed class EntityFrameworkActivationStore<TContext>(TContext context, ITenancy tenancy) : IActivationStore
    where TContext : DbContext
{
    /// <summary>The PostgreSQL advisory lock key ("MspHubAc") that serialises activations.</summary>
    private const long ActivationLock = 0x4D73704875624163;

    private IQueryable<ActivationRecord> Activations => context.Set<ActivationRecord>().AsNoTracking();

    private IQueryable<Tenant> Tenants => context.Set<Tenant>().AsNoTracking();

    public async Task<ActivationRecord?> FindLatestAsync(CancellationToken cancellationToken = default) =>
        await Activations.OrderByDescending(a => a.ActivatedAt).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);

    public async Task<ActivationOutcome> ActivateAsync(ActivationRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var crossTenant = tenancy.BeginCrossTenantScope("msphub.licence-activation");
        return await StoreOperation.RunAsync(context.Database, "activating the licence", lockKey: ActivationLock, async _ =>
        {
            if (await Activations.FirstOrDefaultAsync(a => a.LicenceId == request.LicenceId, cancellationToken).ConfigureAwait(false) is { } existing)
            {
                return new ActivationOutcome(existing, ActivationKind.AlreadyActive, AdminTenancyCreated: false, new Dictionary<string, int>());
            }

            var renewal = await Activations.AnyAsync(cancellationToken).ConfigureAwait(false);
            var (adminTenancy, created) = await EnsureAdminTenancyAsync(request, cancellationToken).ConfigureAwait(false);
            await EnsureAdministratorAsync(request, adminTenancy.Id, renewal, cancellationToken).ConfigureAwait(false);
            var assigned = await AssignUntenantedRowsAsync(adminTenancy.Id, cancellationToken).ConfigureAwait(false);
            var record = new ActivationRecord(request.LicenceId, request.Licensee, request.AdministratorId, adminTenancy.Id, request.At, request.Notice);
            await StoreWrites.InsertAsync(context, record, _ => Task.FromResult<ConflictException?>(null), cancellationToken).ConfigureAwait(false);
            return new ActivationOutcome(record, renewal ? ActivationKind.Renewed : ActivationKind.Activated, created, assigned);
        }, cancellationToken).ConfigureAwait(false);
    }

    // The install's admin tenancy if it has one, else the tenant with the default slug, else a new one.
    private async Task<(Tenant Tenant, bool Created)> EnsureAdminTenancyAsync(ActivationRequest request, CancellationToken cancellationToken)
    {
        if (await Tenants.FirstOrDefaultAsync(t => t.IsAdminTenancy, cancellationToken).ConfigureAwait(false) is { } admin)
        {
            return (admin, false);
        }

        var slug = TenantSlug.Validate(request.DefaultTenantSlug);
        if (await Tenants.FirstOrDefaultAsync(t => t.Slug == slug, cancellationToken).ConfigureAwait(false) is { } named)
        {
            await context.Set<Tenant>().Where(t => t.Id == named.Id)
                .ExecuteUpdateAsync(set => set.SetProperty(t => t.IsAdminTenancy, true), cancellationToken).ConfigureAwait(false);
            // What the tenants under it inherit changes with the flag (TenantChainAccess), on every node.
            await CacheNotifications.SendAsync(context.Database, [CacheChange.OfTenantState(named.Id), CacheChange.OfTenant(named.Id)], cancellationToken).ConfigureAwait(false);
            return (named with { IsAdminTenancy = true }, false);
        }

        var tenant = new Tenant
        {
            Id = Guid.CreateVersion7(request.At),
            Slug = slug,
            Name = request.DefaultTenantName,
            CreatedAt = request.At,
            IsAdminTenancy = true,
        };
        await StoreWrites.InsertAsync(context, tenant, _ => Task.FromResult<ConflictException?>(null), cancellationToken).ConfigureAwait(false);
        await CacheNotifications.SendAsync(context.Database, [CacheChange.OfTenantState(tenant.Id)], cancellationToken).ConfigureAwait(false);
        return (tenant, true);
    }

    // A known user must be active: activation never revives a deactivated account. An unknown id is the
    // install's first administrator and is created, but only by the first activation; a renewal names a current
    // MSP admin. The access version moves on, so tokens issued before no longer speak for them.
    private async Task EnsureAdministratorAsync(ActivationRequest request, Guid adminTenancyId, bool renewal, CancellationToken cancellationToken)
    {
        var users = context.Set<HubUser>();
        var found = await users.AsNoTracking().Where(u => u.Id == request.AdministratorId).Select(u => new { u.IsActive, u.SystemRole })
            .FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        var known = found?.IsActive;
        if (known == false)
        {
            throw new AccessRuleException($"User {request.AdministratorId} is deactivated and cannot become the MSP admin through licence activation; reactivate them first or name another administrator.");
        }

        // A renewal keeps the hub's administrators as they are: it is activated by one of them, never by a user it would promote.
        if (known == true && renewal && found!.SystemRole != SystemRole.MspAdmin)
        {
            throw new AccessRuleException($"User {request.AdministratorId} is not an MSP admin; a renewed licence is activated by a current MSP admin and makes nobody a new one.");
        }

        if (known == true)
        {
            await users.Where(u => u.Id == request.AdministratorId)
                .ExecuteUpdateAsync(
                    set => set.SetProperty(u => u.SystemRole, SystemRole.MspAdmin).SetProperty(u => u.AccessVersion, u => u.AccessVersion + 1),
                    cancellationToken)
                .ConfigureAwait(false);
            await CacheNotifications.SendAsync(context.Database, [CacheChange.OfUser(request.AdministratorId)], cancellationToken).ConfigureAwait(false);
        }
        else if (renewal)
        {
            throw new AccessRuleException($"User {request.AdministratorId} is unknown; a renewed licence is activated by a user the hub already knows, usually the current MSP admin.");
        }
        else
        {
            var user = new HubUser { Id = request.AdministratorId, UserName = request.AdministratorName, SystemRole = SystemRole.MspAdmin };
            var normalized = AccessColumns.Normalize(user.UserName);
            if (await users.AnyAsync(u => EF.Property<string>(u, AccessColumns.NormalizedUserName) == normalized, cancellationToken).ConfigureAwait(false))
            {
                throw new ConflictException("user", "user name", user.UserName);
            }

            await StoreWrites.InsertAsync(context, user, _ => Task.FromResult<ConflictException?>(null), cancellationToken).ConfigureAwait(false);
        }

        var memberships = context.Set<Membership>().AsNoTracking();
        if (!await memberships.AnyAsync(m => m.UserId == request.AdministratorId && m.TenantId == adminTenancyId, cancellationToken).ConfigureAwait(false))
        {
            var hasPrimary = await memberships.AnyAsync(m => m.UserId == request.AdministratorId && m.IsPrimary, cancellationToken).ConfigureAwait(false);
            var membership = new Membership { UserId = request.AdministratorId, TenantId = adminTenancyId, IsPrimary = !hasPrimary };
            await StoreWrites.InsertAsync(context, membership, _ => Task.FromResult<ConflictException?>(null), cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<IReadOnlyDictionary<string, int>> AssignUntenantedRowsAsync(Guid adminTenancyId, CancellationToken cancellationToken)
    {
        var sql = TableSql.For(context);
        var assigned = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var table in TenantTable.In(context.Model))
        {
            // The identifiers come from the model and are delimited by the provider; the values are parameters.
            var rows = await context.Database.ExecuteSqlRawAsync(sql.ChangeTenant(table), [Guid.Empty, adminTenancyId], cancellationToken).ConfigureAwait(false);
            if (rows > 0)
            {
                assigned[table.Qualified] = rows;
            }
        }

        return assigned;
    }
}
