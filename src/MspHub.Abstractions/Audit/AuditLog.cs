using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace MspHub;

/// <summary>
/// The <see cref="IAuditLog"/>: stamps entries, appends them through the <see cref="IAuditStore"/>, and tells the hooks;
/// reads after checking who asks. The access services are resolved only for a read, so recording stays cheap.
/// </summary>
internal sealed class AuditLog(
    AuditStamp stamp,
    IAuditStore store,
    IEnumerable<IAuditHook> hooks,
    AuditBackgroundWriter background,
    AuditCheckpointer checkpointer,
    ITenancy tenancy,
    IOptions<MspHubOptions> options,
    TimeProvider time,
    IServiceProvider services) : IAuditLog
{
    private readonly IAuditHook[] _hooks = [.. hooks];

    private static readonly Task<AuditRecord?> Counted = Task.FromResult<AuditRecord?>(null);

    // Without an async step when stamping and the store answer at once (the in-memory store, a cached actor): the
    // store's own task is handed back, so a record costs no task or state machine of ours. Failures still arrive in
    // the task, as from an async method.
    public Task<AuditRecord?> RecordAsync(AuditEntry entry, CancellationToken cancellationToken = default)
    {
        try
        {
            ArgumentNullException.ThrowIfNull(entry);
            var drafting = stamp.DraftAsync(entry, cancellationToken);
            if (!drafting.IsCompletedSuccessfully)
            {
                return RecordDraftedAsync(drafting, entry.SignCheckpoint, cancellationToken);
            }

            if (drafting.Result is not { } draft)
            {
                return Counted;
            }

            // The same task type at run time; only the annotation differs.
            return AppendAsync(draft, cancellationToken, entry.SignCheckpoint)!;
        }
        catch (Exception exception)
        {
            return Task.FromException<AuditRecord?>(exception);
        }
    }

    private async Task<AuditRecord?> RecordDraftedAsync(ValueTask<AuditRecord?> drafting, bool signCheckpoint, CancellationToken cancellationToken) =>
        await drafting.ConfigureAwait(false) is { } draft ? await AppendAsync(draft, cancellationToken, signCheckpoint).ConfigureAwait(false) : null;

    public Task<T> RecordAsync<T>(Func<CancellationToken, Task<T>> change, Func<T, AuditEntry?> describe, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(change);
        ArgumentNullException.ThrowIfNull(describe);
        return store.InTransactionAsync(
            async token =>
            {
                var result = await change(token).ConfigureAwait(false);
                if (describe(result) is { } entry)
                {
                    await RecordAsync(entry, token).ConfigureAwait(false);
                }

                return result;
            },
            cancellationToken);
    }

    public Task<AuditVerification> VerifyAsync(Guid? tenantId, long fromSequence = 1, long? toSequence = null, CancellationToken cancellationToken = default) =>
        AuditChainVerifier.VerifyAsync(store, checkpointer.Keys, checkpointer.TailLimits, time.GetUtcNow(), tenantId, fromSequence, toSequence, cancellationToken);

    public async Task<AuditVerification> VerifyAsync(Guid? tenantId, AuditReader reader, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reader);
        await RefuseUnlessAllowedAsync(tenantId, reader, cancellationToken).ConfigureAwait(false);
        return await VerifyAsync(tenantId, cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    public async Task<AuditVerification> VerifyAsync(Guid? tenantId, AuditReader reader, AuditRange range, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(range);
        if (range.Problem is { } problem)
        {
            throw new ArgumentException(problem, nameof(range));
        }

        await RefuseUnlessAllowedAsync(tenantId, reader, cancellationToken).ConfigureAwait(false);
        if (range.From is null && range.To is null)
        {
            return await VerifyAsync(tenantId, range.FromSequence ?? 1, range.ToSequence, cancellationToken).ConfigureAwait(false);
        }

        // Open at its end, the run goes to the chain's end, so the end is checked as for a whole chain.
        return await FindRunAsync(tenantId, range.From, range.To, cancellationToken).ConfigureAwait(false) is { } run
            ? await VerifyAsync(tenantId, run.First, range.To is null ? null : run.Last, cancellationToken).ConfigureAwait(false)
            : new AuditVerification(tenantId, 0, AuditChainProblem.None, null, null);
    }

    public async Task<AuditPage> QueryAsync(AuditQuery query, AuditReader reader, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentOutOfRangeException.ThrowIfLessThan(query.PageSize, 1, nameof(query));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(query.PageSize, AuditQuery.MaxPageSize, nameof(query));
        RefuseBackwards(query.From, query.To);
        await RefuseUnlessAllowedAsync(query.TenantId, reader, cancellationToken).ConfigureAwait(false);
        var found = await store.QueryAsync(query, cancellationToken).ConfigureAwait(false);
        return found.Count > query.PageSize
            ? new AuditPage([.. found.Take(query.PageSize)], found[query.PageSize - 1].Sequence)
            : new AuditPage(found, null);
    }

    // A search whose time range ends before it starts would find nothing, which reads as "nothing happened".
    private static void RefuseBackwards(DateTimeOffset? from, DateTimeOffset? to)
    {
        if (from > to)
        {
            throw new ArgumentOutOfRangeException(nameof(to), to, "The search's time range ends before it starts.");
        }
    }

    // The subtree scope's gate reads the subtree; each chain gives at most a page, through its own (chain_id, occurred_at)
    // index, and the pages are merged here. One query over every chain of the subtree would sort all their matching
    // records for each page, or walk a time index through every other tenant's.
    public async Task<AuditSubtreePage> QuerySubtreeAsync(AuditSubtreeQuery query, AuditReader reader, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentOutOfRangeException.ThrowIfLessThan(query.PageSize, 1, nameof(query));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(query.PageSize, AuditQuery.MaxPageSize, nameof(query));
        RefuseBackwards(query.From, query.To);
        if (reader.KeyTenantId is not null || reader.Actor.Id is not { } userId)
        {
            throw new AuditAccessDeniedException("An API key reads only its own tenant's chain; searching a subtree is for signed-in users.");
        }

        var subtree = await services.GetRequiredService<ITenantHierarchy>().GetSubtreeAsync(userId, query.RootId, cancellationToken).ConfigureAwait(false);
        var user = await FindUserAsync(reader, cancellationToken).ConfigureAwait(false);
        List<Guid> readable = [.. subtree.TenantIds];
        if (user is not { IsActive: true, SystemRole: SystemRole.MspAdmin })
        {
            await RefuseUnlessPermittedAsync(subtree.Root.Id, reader, user, cancellationToken).ConfigureAwait(false);

            // Each tenant below is read only where the reader holds the audit permission too: entering a tenant is not reading its log.
            readable = [subtree.Root.Id];
            foreach (var tenantId in subtree.TenantIds.Skip(1))
            {
                if (await MayReadAsync(tenantId, reader, user, cancellationToken).ConfigureAwait(false))
                {
                    readable.Add(tenantId);
                }
            }
        }

        await RecordAsync(
            new AuditEntry(AuditActions.AuditSubtreeSearched, subtree.Root.Id)
            {
                Actor = reader.Actor,
                TargetType = "tenant",
                TargetId = subtree.Root.Id.ToString(),
                Detail = new Dictionary<string, string> { ["tenants"] = readable.Count.ToString(CultureInfo.InvariantCulture) },
            },
            cancellationToken).ConfigureAwait(false);

        var found = new List<AuditRecord>();
        foreach (var tenantId in readable)
        {
            found.AddRange(await store.QueryByTimeAsync(query.ForChain(tenantId), query.After?.BoundIn(tenantId), cancellationToken).ConfigureAwait(false));
        }

        found.Sort(AuditSubtreeCursor.NewestFirst);
        return found.Count > query.PageSize
            ? new AuditSubtreePage([.. found.Take(query.PageSize)], AuditSubtreeCursor.Of(found[query.PageSize - 1]))
            : new AuditSubtreePage(found, null);
    }

    public async Task<AuditExportSummary> ExportAsync(AuditExport request, AuditReader reader, Stream destination, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(destination);
        if (request.To <= request.From)
        {
            throw new ArgumentOutOfRangeException(nameof(request), "The export's range ends before it starts.");
        }

        await RefuseUnlessAllowedAsync(request.TenantId, reader, cancellationToken).ConfigureAwait(false);
        var range = await FindRunAsync(request.TenantId, request.From, request.To, cancellationToken).ConfigureAwait(false);
        await RecordAsync(
            new AuditEntry(AuditActions.AuditExported, request.TenantId)
            {
                Actor = reader.Actor,
                TargetType = "audit-chain",
                TargetId = (request.TenantId ?? Guid.Empty).ToString(),
                Detail = new Dictionary<string, string>
                {
                    ["format"] = request.Format.ToString(),
                    ["first-sequence"] = range?.First.ToString(CultureInfo.InvariantCulture) ?? "none",
                    ["last-sequence"] = range?.Last.ToString(CultureInfo.InvariantCulture) ?? "none",
                },
            },
            cancellationToken).ConfigureAwait(false);

        // Checkpoints are few (one per many records), and one context cannot read two result sets at once: read them
        // first. The OSCAL document carries none.
        var checkpoints = new List<AuditCheckpoint>();
        if (range is { } run && request.Format == AuditExportFormat.JsonLines)
        {
            await foreach (var checkpoint in store.ReadCheckpointsAsync(request.TenantId, run.First, run.Last, cancellationToken).ConfigureAwait(false))
            {
                checkpoints.Add(checkpoint);
            }
        }

        var records = range is { } span ? store.ReadAsync(request.TenantId, span.First, span.Last, cancellationToken) : AsyncEnumerable.Empty<AuditRecord>();
        var exportedAt = AuditHash.ToStoredPrecision(time.GetUtcNow());
        return request.Format == AuditExportFormat.OscalAssessmentResults
            ? await AuditOscal.WriteAsync(destination, request.TenantId, range, exportedAt, records, cancellationToken).ConfigureAwait(false)
            : await AuditJsonLines.WriteAsync(destination, request.TenantId, request, range, exportedAt, checkpointer.Keys, checkpoints, records, cancellationToken).ConfigureAwait(false);
    }

    // The run of records stamped from `from` to `to` that an export or a verification by time takes, widened so records
    // deleted at its edges are part of it and show as missing: open at its start it starts where the chain does, open at
    // its end it ends where the head and the checkpoints say the chain does; bounded, a record missing right outside the
    // run is taken in. A run whose records were all deleted is the gap they left. Null when there is nothing to take.
    private async Task<(long First, long Last)?> FindRunAsync(Guid? tenantId, DateTimeOffset? from, DateTimeOffset? to, CancellationToken cancellationToken)
    {
        var (start, end) = await AuditChainVerifier.FindExtentAsync(store, checkpointer.Keys, tenantId, cancellationToken).ConfigureAwait(false);
        if (await store.FindSequencesAsync(tenantId, from, to, cancellationToken).ConfigureAwait(false) is not { } found)
        {
            // Nothing stamped in the range is left: the records between the last one before it and the first one after it are gone.
            var before = from is null ? null : (await store.FindSequencesAsync(tenantId, null, from, cancellationToken).ConfigureAwait(false))?.Last;
            var after = to is null ? null : (await store.FindSequencesAsync(tenantId, to, null, cancellationToken).ConfigureAwait(false))?.First;
            var (gapFirst, gapLast) = (Math.Max(before + 1 ?? start, start), after - 1 ?? end);
            return gapFirst <= gapLast ? (gapFirst, gapLast) : null;
        }

        var first = from is null ? start
            : found.First > start && !await HoldsAsync(tenantId, found.First - 1, cancellationToken).ConfigureAwait(false) ? found.First - 1 : found.First;
        var last = to is null ? Math.Max(found.Last, end)
            : found.Last < end && !await HoldsAsync(tenantId, found.Last + 1, cancellationToken).ConfigureAwait(false) ? found.Last + 1 : found.Last;
        return (first, last);
    }

    private async Task<bool> HoldsAsync(Guid? tenantId, long sequence, CancellationToken cancellationToken) =>
        await store.ReadAsync(tenantId, sequence, sequence, cancellationToken).AnyAsync(cancellationToken).ConfigureAwait(false);

    public Task FlushAsync(CancellationToken cancellationToken = default) => background.FlushAsync(cancellationToken);

    public Task EnsureMayReadAsync(Guid? tenantId, AuditReader reader, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return RefuseUnlessAllowedAsync(tenantId, reader, cancellationToken);
    }

    // MSP admins read every chain. Anyone else reads only the active tenant's, holding the audit permission there: the
    // filter a caller sends is never trusted to name the tenant, so a forged tenant id or the MSP chain is refused. An API
    // key is never an MSP admin and holds what its authentication found, in its own tenant only.
    private async Task RefuseUnlessAllowedAsync(Guid? tenantId, AuditReader reader, CancellationToken cancellationToken)
    {
        var user = await FindUserAsync(reader, cancellationToken).ConfigureAwait(false);
        if (user is { IsActive: true, SystemRole: SystemRole.MspAdmin })
        {
            return;
        }

        if (tenantId is not { } tenant)
        {
            throw new AuditAccessDeniedException("Only MSP admins read the MSP-level audit chain.");
        }

        if (tenancy.Current.TenantId != tenant)
        {
            throw new AuditAccessDeniedException("The audit log of a tenant is read from inside that tenant; switch to it first.");
        }

        await RefuseUnlessPermittedAsync(tenant, reader, user, cancellationToken).ConfigureAwait(false);
    }

    // The user behind a reader; none for an API key, which is never anyone's user.
    private async Task<HubUser?> FindUserAsync(AuditReader reader, CancellationToken cancellationToken) =>
        reader.KeyTenantId is null && reader.Actor.Id is { } id && services.GetService<IHubUserStore>() is { } users
            ? await users.FindUserAsync(id, cancellationToken).ConfigureAwait(false)
            : null;

    // The audit permission in the tenant: what a key's authentication found, in its own tenant only; a user's, evaluated.
    private async Task RefuseUnlessPermittedAsync(Guid tenant, AuditReader reader, HubUser? user, CancellationToken cancellationToken)
    {
        if (!await MayReadAsync(tenant, reader, user, cancellationToken).ConfigureAwait(false))
        {
            throw new AuditAccessDeniedException($"Reading this tenant's audit log needs '{options.Value.AuditPermission}' in it.");
        }
    }

    private async Task<bool> MayReadAsync(Guid tenant, AuditReader reader, HubUser? user, CancellationToken cancellationToken)
    {
        var permission = options.Value.AuditPermission;
        return reader.KeyTenantId is { } keyTenant
            ? keyTenant == tenant && reader.KeyHolds(permission)
            : user is { IsActive: true } && services.GetService<PermissionCatalog>() is { } catalog && catalog.TryGetId(permission, out var permissionId)
                && await services.GetRequiredService<IPermissionEvaluator>().HasPermissionAsync(user.Id, tenant, permissionId, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Appends a draft stamped earlier (<see cref="AuditStamp.Draft"/>) and tells the hooks.</summary>
    public Task<AuditRecord> AppendAsync(AuditRecord draft, CancellationToken cancellationToken, bool signCheckpoint = false)
    {
        var appending = store.AppendAsync(draft, signCheckpoint ? checkpointer.Always : checkpointer.Policy, cancellationToken);
        if (!appending.IsCompletedSuccessfully)
        {
            return TellHooksAsync(appending);
        }

        TellHooks(appending.Result);
        return appending;
    }

    private async Task<AuditRecord> TellHooksAsync(Task<AuditRecord> appending) => TellHooks(await appending.ConfigureAwait(false));

    private AuditRecord TellHooks(AuditRecord record)
    {
        foreach (var hook in _hooks)
        {
            hook.OnRecorded(record);
        }

        return record;
    }
}
