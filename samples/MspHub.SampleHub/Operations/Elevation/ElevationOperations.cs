using Microsoft.EntityFrameworkCore;
using MspHub.SampleHub.Data;

namespace MspHub.SampleHub.Operations.Elevation;

/// <summary>
/// Just-in-time elevation in the active tenant through MspHub's <see cref="ITechnicianElevation"/>: a technician asks
/// (at the default L2 the ask waits for approval), an approver holding <c>access.consent</c> there approves or denies it
/// through <see cref="IOperationApprovals"/>, and the technician starts the approved elevation by repeating the same
/// ask, which the hub keeps in <see cref="ElevationAsk"/> because MspHub stores only its hash.
/// </summary>
public sealed class ElevationOperations(SampleDb db, ITechnicianElevation elevation, IOperationApprovals approvals, IHubUserStore users, ITenancy tenancy, TimeProvider time)
{
    /// <summary>The durations offered, in hours; MspHub allows at most <see cref="OperationGateOptions.MaxElevationDuration"/> (8 hours by default).</summary>
    public static IReadOnlyList<int> Hours { get; } = [1, 2, 4, 8];

    private Guid TenantId => tenancy.Current.Tenant?.Id ?? throw new ArgumentException("Choose a tenant in the switcher first: an elevation is asked in one tenant.");

    /// <summary>Asks for an elevation; returns the notice: waiting for approval, or in force where the tenant's level lets it run at once.</summary>
    public async Task<string> AskAsync(GateCaller technician, IReadOnlyList<string> permissions, int hours, string? reason, CancellationToken cancellationToken)
    {
        if (!Hours.Contains(hours))
        {
            throw new ArgumentException($"Choose how long you need it: {string.Join(", ", Hours)} hours.");
        }

        var asked = new ElevationRequest(TenantId, permissions, TimeSpan.FromHours(hours), reason ?? "");
        try
        {
            return InForce(await elevation.ElevateAsync(asked, technician, cancellationToken: cancellationToken));
        }
        catch (ApprovalRequiredException pending)
        {
            db.ElevationAsks.Add(new ElevationAsk
            {
                Id = pending.Request.Id, TenantId = asked.TenantId, UserId = technician.Id!.Value, Permissions = string.Join(',', permissions), Hours = hours, Reason = asked.Reason,
            });
            await db.SaveChangesAsync(cancellationToken);
            return "Your request is waiting for an MSP admin's approval. Once approved, start it here.";
        }
    }

    /// <summary>Starts an approved elevation by repeating its ask with the approval; the approval is then used up.</summary>
    public async Task<string> StartAsync(GateCaller technician, Guid requestId, CancellationToken cancellationToken)
    {
        var ask = await db.ElevationAsks.SingleOrDefaultAsync(a => a.Id == requestId && a.UserId == technician.Id, cancellationToken)
            ?? throw new ArgumentException("This request is not yours or no longer exists.");
        var started = await elevation.ElevateAsync(
            new ElevationRequest(ask.TenantId, ask.Permissions.Split(','), TimeSpan.FromHours(ask.Hours), ask.Reason), technician, requestId, cancellationToken);
        db.ElevationAsks.Remove(ask);
        await db.SaveChangesAsync(cancellationToken);
        return InForce(started);
    }

    /// <summary>Ends the technician's elevation in the active tenant before its expiry.</summary>
    public async Task<string> EndAsync(Guid technicianId, CancellationToken cancellationToken) =>
        await elevation.EndAsync(TenantId, technicianId, cancellationToken) ? "Your elevation has ended; you hold your usual grant again." : "You hold no elevation here.";

    /// <summary>The technician's elevation in force in the active tenant, if any.</summary>
    public async Task<TechnicianElevation?> CurrentAsync(Guid technicianId, CancellationToken cancellationToken) =>
        (await elevation.ListAsync(TenantId, cancellationToken)).FirstOrDefault(e => e.IsActive && e.Elevation.UserId == technicianId)?.Elevation;

    /// <summary>The elevations stored in the active tenant, in force or expired, for the approvers' page.</summary>
    public Task<IReadOnlyList<ElevationEntry>> ElevationsAsync(CancellationToken cancellationToken) => elevation.ListAsync(TenantId, cancellationToken);

    /// <summary>Elevation requests in the active tenant, newest first: all of them, or only <paramref name="technicianId"/>'s.</summary>
    public async Task<IReadOnlyList<ElevationAskView>> RequestsAsync(Guid? technicianId, ApprovalState? state, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var views = new List<ElevationAskView>();
        foreach (var request in await approvals.ListAsync(TenantId, state, IOperationApprovals.MaxPageSize, cancellationToken))
        {
            if (request.Operation != GateOperations.AccessElevate || (technicianId is { } mine && request.RequesterId != mine))
            {
                continue;
            }

            var name = request.RequesterId is { } id && await users.FindUserAsync(id, cancellationToken) is { } user ? user.UserName : "(unknown)";
            var startable = request.IsExecutableAt(now) && await db.ElevationAsks.AnyAsync(a => a.Id == request.Id, cancellationToken);
            views.Add(new ElevationAskView(request, name, startable));
        }

        return views;
    }

    public async Task<string> ApproveAsync(GateCaller approver, Guid requestId, CancellationToken cancellationToken)
    {
        await approvals.ApproveAsync(TenantId, requestId, approver, cancellationToken);
        return "Approved: the technician can now start the elevation.";
    }

    public async Task<string> DenyAsync(GateCaller approver, Guid requestId, CancellationToken cancellationToken)
    {
        await approvals.DenyAsync(TenantId, requestId, approver, cancellationToken);
        return "Denied: the technician keeps their usual grant.";
    }

    private static string InForce(TechnicianElevation started) =>
        $"Elevated until {started.ExpiresAt.UtcDateTime:yyyy-MM-dd HH:mm} UTC: {string.Join(", ", started.Permissions)}.";
}
