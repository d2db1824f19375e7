using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace MspHub;

/// <summary>
/// Delegated access: technician grants with an expiry, the client tenant's consent to new or wider ones, and the
/// tenant's own view and revocation of what the MSP holds there. <see cref="MspAccessManager"/> and <see cref="TenantAccessManager"/> answer the
/// <see cref="IMspAccessManager"/> and <see cref="ITenantAccessManager"/> calls about grants through it. Every
/// step is recorded in the tenant's audit chain, in the same transaction as the store's write, and drops the
/// technician's cached permissions on this node; writes that change access raise their access version. Scoped.
/// </summary>
internal sealed partial class TechnicianGrants(
    // The whole store rather than the grant store: answering a request reads the approver's access facts.
    IAccessStore store,
    ITenancy tenancy,
    PermissionCatalog catalog,
    IPermissionEvaluator evaluator,
    IAuditLog audit,
    TimeProvider time,
    IAuditActorSource? actors = null,
    ITenantSettings? settings = null,
    ITenantStore? tenants = null,
    ILogger<TechnicianGrants>? logger = null)
{
    private readonly ILogger _logger = logger ?? NullLogger<TechnicianGrants>.Instance;

    /// <summary>
    /// Grants or changes a grant, for the tenant alone or with <paramref name="includesDescendants"/> for its subtree,
    /// directly or, where the tenant requires consent and it widens access, as a pending request.
    /// </summary>
    public async Task<TechnicianGrantRequest?> GrantAsync(
        Guid userId, Guid tenantId, IEnumerable<string> permissions, DateTimeOffset? expiresAt, bool includesDescendants, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(permissions);
        var user = await store.FindUserAsync(userId, cancellationToken).ConfigureAwait(false) ?? throw new KeyNotFoundException($"No user has id {userId}.");
        if (user.SystemRole != SystemRole.Technician)
        {
            throw new AccessRuleException($"'{user.UserName}' is not a technician; only technicians are assigned tenants with grants.");
        }

        var requested = permissions.Distinct(StringComparer.Ordinal).ToList();
        var refused = requested.Where(p => catalog.IsSensitive(catalog.Id(p)) || catalog.IsMspLevel(catalog.Id(p))).ToList();
        if (refused.Count > 0)
        {
            throw new AccessRuleException($"Technicians can never hold sensitive or MSP-level permissions: {string.Join(", ", refused)}.");
        }

        var now = time.GetUtcNow();
        if (expiresAt <= now)
        {
            throw new AccessRuleException($"A grant must expire in the future; {expiresAt:O} has passed.");
        }

        if (includesDescendants && tenants is not null && (await tenants.FindByIdAsync(tenantId, cancellationToken).ConfigureAwait(false))?.IsAdminTenancy == true)
        {
            throw new AccessRuleException("A grant in the admin tenancy reaches no tenant under it; grant in each client, or for a client's subtree.");
        }

        var current = await store.FindGrantAsync(userId, tenantId, cancellationToken).ConfigureAwait(false);
        var action = current is not null && current.IsActiveAt(now) && current.IncludesDescendants == includesDescendants
            && current.Permissions.ToHashSet(StringComparer.Ordinal).SetEquals(requested)
            ? AuditActions.TechnicianRenewed
            : AuditActions.TechnicianGranted;
        var widens = Widens(current, requested, expiresAt, includesDescendants, now);
        if (widens && await TechnicianConsent.IsRequiredAsync(settings, tenantId, cancellationToken).ConfigureAwait(false))
        {
            return await RequestConsentAsync(user, tenantId, requested, expiresAt, includesDescendants, now, cancellationToken).ConfigureAwait(false);
        }

        var grant = new TechnicianGrant
        {
            UserId = userId, TenantId = tenantId, Permissions = requested, IncludesDescendants = includesDescendants, GrantedAt = now, ExpiresAt = expiresAt,
        };
        try
        {
            await audit.RecordAsync(
                async token =>
                {
                    if (widens && includesDescendants)
                    {
                        await RefuseSubtreeReachingConsentAsync(tenantId, token).ConfigureAwait(false);
                    }

                    // A direct change replaces whatever was waiting for consent: the MSP's latest word is this grant.
                    await store.WithdrawGrantRequestsAsync(userId, tenantId, now, token).ConfigureAwait(false);
                    await store.SaveGrantAsync(grant, token).ConfigureAwait(false);
                    return grant;
                },
                _ => AccessChanges.Entry(action, tenantId, "user", userId.ToString(), Detail(requested, expiresAt, includesDescendants)),
                cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            evaluator.InvalidateUser(userId);
        }

        if (expiresAt is { } ends)
        {
            LogGranted(_logger, user.UserName, tenantId, requested, ends);
        }
        else
        {
            LogGrantedUntilRevoked(_logger, user.UserName, tenantId, requested);
        }
        return null;
    }

    // In the grant's own transaction, holding the tree: a tenant that requires consent moving under the root meanwhile
    // either waits and then finds this grant (RefuseMoveUnderSubtreeGrantsAsync), or has moved and is seen here.
    private async Task RefuseSubtreeReachingConsentAsync(Guid tenantId, CancellationToken cancellationToken)
    {
        await store.HoldTenantTreeAsync(cancellationToken).ConfigureAwait(false);
        if (await RequiringConsentAsync(tenantId, withRoot: false, cancellationToken).ConfigureAwait(false) is { Count: > 0 } consenting)
        {
            throw new AccessRuleException(
                $"Tenants under {tenantId} require consent to technician access ({string.Join(", ", consenting)}); a grant for the whole subtree would reach them without it. "
                + "Grant in those tenants, which asks their administrators, and in the others one by one.");
        }
    }

    // The tenants in `tenantId`'s subtree (below it, or with it too) whose own or inherited setting requires consent: a
    // subtree grant that reached them would do so with nobody there asked.
    private async Task<List<Guid>> RequiringConsentAsync(Guid tenantId, bool withRoot, CancellationToken cancellationToken)
    {
        var consenting = new List<Guid>();
        if (settings is null || tenants is null)
        {
            return consenting;
        }

        var tree = new TenantTree(await tenants.ListTreeAsync(cancellationToken).ConfigureAwait(false));
        foreach (var tenant in tree.Subtree(tenantId).Skip(withRoot ? 0 : 1))
        {
            if (await TechnicianConsent.IsRequiredAsync(settings, tenant, cancellationToken).ConfigureAwait(false))
            {
                consenting.Add(tenant);
            }
        }

        return consenting;
    }

    /// <summary>
    /// Refuses moving <paramref name="tenantId"/> under <paramref name="newParentId"/> when that would bring a tenant that
    /// requires consent (the tenant or one below it, as it resolves now) under a subtree grant in force that does not reach
    /// it now: the grant was consented to for another branch, or by nobody, and would reach them with nobody there asked.
    /// </summary>
    public async Task RefuseMoveUnderSubtreeGrantsAsync(Guid tenantId, Guid? newParentId, CancellationToken cancellationToken)
    {
        if (newParentId is not { } parent || settings is null || tenants is null)
        {
            return;
        }

        var now = time.GetUtcNow();
        var reachingNow = (await store.ListInheritedGrantsAsync(tenantId, cancellationToken).ConfigureAwait(false))
            .Select(g => (g.Grant.UserId, g.Grant.TenantId)).ToHashSet();
        var gained = (await store.ListGrantsAsync(parent, cancellationToken).ConfigureAwait(false)).Where(g => g.Grant.IncludesDescendants)
            .Concat(await store.ListInheritedGrantsAsync(parent, cancellationToken).ConfigureAwait(false))
            .Select(g => g.Grant)
            .Where(g => g.IsActiveAt(now) && !reachingNow.Contains((g.UserId, g.TenantId)))
            .ToList();
        if (gained.Count > 0 && await RequiringConsentAsync(tenantId, withRoot: true, cancellationToken).ConfigureAwait(false) is { Count: > 0 } consenting)
        {
            throw new AccessRuleException(
                $"Tenants that require consent to technician access ({string.Join(", ", consenting)}) would come under a grant for the subtree of "
                + $"{string.Join(", ", gained.Select(g => g.TenantId).Distinct())} without being asked. Revoke or narrow that grant first, or grant them one by one.");
        }
    }

    /// <summary>Moves the expiry of an existing grant, keeping its permissions.</summary>
    public async Task<TechnicianGrantRequest?> RenewAsync(Guid userId, Guid tenantId, DateTimeOffset? expiresAt, CancellationToken cancellationToken)
    {
        var current = await store.FindGrantAsync(userId, tenantId, cancellationToken).ConfigureAwait(false)
            ?? throw new AccessRuleException("The technician holds no grant in this tenant to renew; grant one instead.");
        return await GrantAsync(userId, tenantId, current.Permissions, expiresAt, current.IncludesDescendants, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Removes a grant and withdraws any request for it, recorded as <paramref name="action"/>; whether there was a grant.</summary>
    public async Task<bool> RevokeAsync(Guid userId, Guid tenantId, string action, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        try
        {
            // Withdraw first: an approval under way holds the request, so the withdrawal waits for it and the removal
            // after it sees the grant that approval saved; removing first would miss that grant and leave it in force.
            var (withdrawn, removed) = await audit.RecordAsync(
                async token => (
                    await store.WithdrawGrantRequestsAsync(userId, tenantId, now, token).ConfigureAwait(false),
                    await store.RemoveGrantAsync(userId, tenantId, token).ConfigureAwait(false)),
                done => done.Item2 || done.Item1 > 0 ? AccessChanges.Entry(action, tenantId, "user", userId.ToString()) : null,
                cancellationToken).ConfigureAwait(false);
            return removed;
        }
        finally
        {
            evaluator.InvalidateUser(userId);
        }
    }

    /// <summary>
    /// Takes a technician's grant in the active tenant away at the tenant's request. A subtree grant given at an ancestor
    /// is not the tenant's to end: while one is in force and the tenant holds no grant of its own for the technician, the
    /// call is refused and names where to revoke it, rather than answering as if there were nothing to revoke.
    /// </summary>
    public async Task<bool> RevokeInTenantAsync(Guid userId, Guid tenantId, CancellationToken cancellationToken)
    {
        TenantSide.RequireActiveTenant(tenancy, tenantId);
        if (await store.FindGrantAsync(userId, tenantId, cancellationToken).ConfigureAwait(false) is null
            && (await store.ListInheritedGrantsAsync(tenantId, cancellationToken).ConfigureAwait(false))
                .Select(g => g.Grant).FirstOrDefault(g => g.UserId == userId && g.IsActiveAt(time.GetUtcNow())) is { } inherited)
        {
            throw new AccessRuleException(
                $"The technician's access here was given at tenant {inherited.TenantId} for its whole subtree and is read-only in this tenant; it is revoked there.");
        }

        return await RevokeAsync(userId, tenantId, AuditActions.TechnicianRevokedByTenant, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// What the MSP holds in the active tenant: grants in force, with any elevation in force on them, subtree grants in force
    /// given at an ancestor (marked with <see cref="DelegatedAccessEntry.InheritedFrom"/>), and requests waiting for consent.
    /// </summary>
    public async Task<IReadOnlyList<DelegatedAccessEntry>> ListAsync(Guid tenantId, CancellationToken cancellationToken)
    {
        TenantSide.RequireActiveTenant(tenancy, tenantId);
        var now = time.GetUtcNow();
        var elevations = (await store.ListElevationsAsync(tenantId, cancellationToken).ConfigureAwait(false))
            .Where(e => e.Elevation.IsActiveAt(now))
            .ToDictionary(e => e.Technician.Id, e => e.Elevation);
        var grants = (await store.ListGrantsAsync(tenantId, cancellationToken).ConfigureAwait(false))
            .Where(g => g.Technician.SystemRole == SystemRole.Technician && g.Grant.IsActiveAt(now))
            .Select(g => new DelegatedAccessEntry(g.Technician.Id, g.Technician.UserName, g.Grant.Permissions, g.Grant.GrantedAt, g.Grant.ExpiresAt, IsPending: false, RequestId: null)
            {
                Elevation = elevations.GetValueOrDefault(g.Technician.Id),
            });
        // An elevation rests on the grant in its own tenant, so an inherited line never carries one.
        var inherited = (await store.ListInheritedGrantsAsync(tenantId, cancellationToken).ConfigureAwait(false))
            .Where(g => g.Technician.SystemRole == SystemRole.Technician && g.Grant.IsActiveAt(now))
            .Select(g => new DelegatedAccessEntry(g.Technician.Id, g.Technician.UserName, g.Grant.Permissions, g.Grant.GrantedAt, g.Grant.ExpiresAt, IsPending: false, RequestId: null)
            {
                InheritedFrom = g.Grant.TenantId,
            });
        var pending = (await store.ListPendingGrantRequestsAsync(tenantId, cancellationToken).ConfigureAwait(false))
            .Select(r => new DelegatedAccessEntry(r.Technician.Id, r.Technician.UserName, r.Request.Permissions, null, r.Request.ExpiresAt, IsPending: true, r.Request.Id));
        return [.. grants.Concat(inherited).Concat(pending)];
    }

    /// <summary>Approves a pending request of the active tenant as <paramref name="approverId"/>.</summary>
    public async Task<TechnicianGrant> ApproveAsync(Guid tenantId, Guid requestId, Guid approverId, CancellationToken cancellationToken)
    {
        var request = await AnswerableAsync(tenantId, requestId, approverId, cancellationToken).ConfigureAwait(false);
        var now = time.GetUtcNow();
        if (request.ExpiresAt <= now)
        {
            throw new GrantRequestNotAvailableException(requestId);
        }

        TechnicianGrant? grant;
        try
        {
            // The store closes the request and saves the grant in one conditional step, so of two approvers one wins.
            grant = await audit.RecordAsync(
                async token =>
                {
                    // The root may have stopped asking since the request was made: then the grant is held to the rule a
                    // direct one meets, and a tenant below that requires consent of its own is not reached without it.
                    if (request.IncludesDescendants && !await TechnicianConsent.IsRequiredAsync(settings, tenantId, token).ConfigureAwait(false))
                    {
                        await RefuseSubtreeReachingConsentAsync(tenantId, token).ConfigureAwait(false);
                    }

                    return await store.ApproveGrantRequestAsync(tenantId, requestId, approverId, now, token).ConfigureAwait(false);
                },
                saved => saved is null ? null : AccessChanges.Entry(
                    AuditActions.TechnicianConsented, tenantId, "user", request.UserId.ToString(), [("request", requestId.ToString()), .. Detail(saved.Permissions, saved.ExpiresAt, saved.IncludesDescendants)]),
                cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            evaluator.InvalidateUser(request.UserId);
        }

        if (grant is null)
        {
            throw new GrantRequestNotAvailableException(requestId);
        }

        LogAnswered(_logger, requestId, tenantId, TechnicianGrantRequestState.Approved);
        return grant;
    }

    /// <summary>Declines a pending request of the active tenant as <paramref name="approverId"/>.</summary>
    public async Task DeclineAsync(Guid tenantId, Guid requestId, Guid approverId, CancellationToken cancellationToken)
    {
        var request = await AnswerableAsync(tenantId, requestId, approverId, cancellationToken).ConfigureAwait(false);
        var declined = await audit.RecordAsync(
            token => store.DeclineGrantRequestAsync(tenantId, requestId, approverId, time.GetUtcNow(), token),
            done => done ? AccessChanges.Entry(AuditActions.TechnicianConsentDeclined, tenantId, "user", request.UserId.ToString(), ("request", requestId.ToString())) : null,
            cancellationToken).ConfigureAwait(false);
        if (!declined)
        {
            throw new GrantRequestNotAvailableException(requestId);
        }

        LogAnswered(_logger, requestId, tenantId, TechnicianGrantRequestState.Declined);
    }

    // Anything a technician could not do before: a first grant (or one after the last expired), a permission not
    // held, reaching the tenant's descendants, or an expiry later than the current one (no expiry being the latest).
    private static bool Widens(TechnicianGrant? current, List<string> requested, DateTimeOffset? expiresAt, bool includesDescendants, DateTimeOffset now) =>
        current is null
        || !current.IsActiveAt(now)
        || (includesDescendants && !current.IncludesDescendants)
        || !requested.All(current.Permissions.Contains)
        || (current.ExpiresAt is { } held && (expiresAt is not { } asked || asked > held));

    private async Task<TechnicianGrantRequest> RequestConsentAsync(
        HubUser user, Guid tenantId, List<string> requested, DateTimeOffset? expiresAt, bool includesDescendants, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var request = new TechnicianGrantRequest
        {
            Id = Guid.CreateVersion7(),
            TenantId = tenantId,
            UserId = user.Id,
            Permissions = requested,
            IncludesDescendants = includesDescendants,
            ExpiresAt = expiresAt,
            RequestedBy = actors?.Current.Id,
            RequestedAt = now,
        };
        await audit.RecordAsync(
            async token =>
            {
                await store.AddGrantRequestAsync(request, token).ConfigureAwait(false);
                return request;
            },
            _ => AccessChanges.Entry(
                AuditActions.TechnicianConsentRequested, tenantId, "user", user.Id.ToString(), [("request", request.Id.ToString()), .. Detail(requested, expiresAt, includesDescendants)]),
            cancellationToken).ConfigureAwait(false);
        LogConsentRequested(_logger, user.UserName, tenantId, request.Id);
        return request;
    }

    // Only the tenant's own people answer for it: an active member with no system role (never MSP staff, never
    // the requester), holding the consent permission there. Everyone else gets the answer an unknown request gets.
    private async Task<TechnicianGrantRequest> AnswerableAsync(Guid tenantId, Guid requestId, Guid approverId, CancellationToken cancellationToken)
    {
        TenantSide.RequireActiveTenant(tenancy, tenantId);
        var consent = catalog.Id(TechnicianConsent.Permission);
        var facts = await store.GetAccessFactsAsync(approverId, tenantId, cancellationToken).ConfigureAwait(false);
        if (facts.SystemRole != SystemRole.None || !EffectivePermissions.Compile(facts, catalog).Contains(consent))
        {
            throw new AccessRuleException($"Only the tenant's own administrators holding '{TechnicianConsent.Permission}' there answer requests for technician access.");
        }

        return await store.FindGrantRequestAsync(requestId, cancellationToken).ConfigureAwait(false) is { State: TechnicianGrantRequestState.Pending } request
            && request.TenantId == tenantId
            && request.RequestedBy != approverId
            ? request
            : throw new GrantRequestNotAvailableException(requestId);
    }

    // A subtree grant says so in its record, so the tenant's chain shows that the grant reaches its sites too.
    private static (string Key, string Value)[] Detail(IEnumerable<string> permissions, DateTimeOffset? expiresAt, bool includesDescendants)
    {
        List<(string Key, string Value)> detail = [("permissions", AccessChanges.Joined(permissions))];
        if (expiresAt is { } expiry)
        {
            detail.Add(("expires-at", expiry.ToString("O", System.Globalization.CultureInfo.InvariantCulture)));
        }

        if (includesDescendants)
        {
            detail.Add(("includes-descendants", "true"));
        }

        return [.. detail];
    }

    [LoggerMessage(EventId = 21, Level = LogLevel.Information, Message = "Technician '{User}' granted {Permissions} in tenant {TenantId} until {ExpiresAt}.")]
    private static partial void LogGranted(ILogger logger, string user, Guid tenantId, IEnumerable<string> permissions, DateTimeOffset expiresAt);

    [LoggerMessage(EventId = 26, Level = LogLevel.Information, Message = "Technician '{User}' granted {Permissions} in tenant {TenantId} until revoked.")]
    private static partial void LogGrantedUntilRevoked(ILogger logger, string user, Guid tenantId, IEnumerable<string> permissions);

    [LoggerMessage(EventId = 27, Level = LogLevel.Information, Message = "Technician '{User}' needs the consent of tenant {TenantId}: request {RequestId}.")]
    private static partial void LogConsentRequested(ILogger logger, string user, Guid tenantId, Guid requestId);

    [LoggerMessage(EventId = 28, Level = LogLevel.Information, Message = "Technician access request {RequestId} in tenant {TenantId} {State}.")]
    private static partial void LogAnswered(ILogger logger, Guid requestId, Guid tenantId, TechnicianGrantRequestState state);
}
