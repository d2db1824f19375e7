using Microsoft.AspNetCore.Mvc;
using MspHub.AspNetCore;
using MspHub.SampleHub.Hosting;
using MspHub.SampleHub.Operations.Elevation;

namespace MspHub.SampleHub.Pages.Admin;

/// <summary>
/// Technicians' elevation requests in the active tenant, for the people who answer them: holders of
/// <c>access.consent</c> there (MSP admins hold it by their role; technicians never can). MspHub checks again when
/// deciding: the requester never decides their own request.
/// </summary>
[RequirePermission("access", "consent")]
public sealed class ElevationsModel(ElevationOperations elevations, CurrentSession session) : HubPage
{
    public IReadOnlyList<ElevationAskView> Requests { get; private set; } = [];

    public IReadOnlyList<ElevationEntry> Elevations { get; private set; } = [];

    public Task<IActionResult> OnPostApproveAsync(Guid requestId, CancellationToken cancellationToken) =>
        ActAsync(() => elevations.ApproveAsync(User.ToGateCaller(), requestId, cancellationToken), cancellationToken);

    public Task<IActionResult> OnPostDenyAsync(Guid requestId, CancellationToken cancellationToken) =>
        ActAsync(() => elevations.DenyAsync(User.ToGateCaller(), requestId, cancellationToken), cancellationToken);

    protected override async Task LoadAsync(CancellationToken cancellationToken)
    {
        if (session.Tenant is null)
        {
            return;
        }

        Requests = await elevations.RequestsAsync(null, ApprovalState.Pending, cancellationToken);
        Elevations = await elevations.ElevationsAsync(cancellationToken);
    }
}
