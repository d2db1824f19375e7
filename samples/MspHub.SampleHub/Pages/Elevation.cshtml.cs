using Microsoft.AspNetCore.Mvc;
using MspHub.AspNetCore;
using MspHub.SampleHub.Hosting;
using MspHub.SampleHub.Operations.Elevation;

namespace MspHub.SampleHub.Pages;

/// <summary>A technician's own view of just-in-time elevation in the active tenant: ask, follow the request, start it, end it.</summary>
public sealed class ElevationModel(ElevationOperations elevations, CurrentSession session) : HubPage
{
    public const string AskForm = "ask-elevation";

    public bool IsTechnician { get; private set; }

    /// <summary>Tenant-level permissions the technician does not hold here now: what an elevation can add.</summary>
    public IReadOnlyList<string> Grantable { get; private set; } = [];

    public TechnicianElevation? Current { get; private set; }

    public IReadOnlyList<ElevationAskView> Requests { get; private set; } = [];

    /// <summary>The ask as typed, shown again when it is refused.</summary>
    public IReadOnlyList<string> TypedPermissions { get; private set; } = [];

    public int TypedHours { get; private set; } = ElevationOperations.Hours[0];

    public string? TypedReason { get; private set; }

    public Task<IActionResult> OnPostAskAsync(string[]? permissions, int hours, string? reason, CancellationToken cancellationToken)
    {
        (TypedPermissions, TypedHours, TypedReason) = (permissions ?? [], hours, reason);
        return ActAsync(() => elevations.AskAsync(User.ToGateCaller(), TypedPermissions, hours, reason, cancellationToken), cancellationToken, AskForm);
    }

    public Task<IActionResult> OnPostStartAsync(Guid requestId, CancellationToken cancellationToken) =>
        ActAsync(() => elevations.StartAsync(User.ToGateCaller(), requestId, cancellationToken), cancellationToken);

    public Task<IActionResult> OnPostEndAsync(CancellationToken cancellationToken) =>
        ActAsync(() => elevations.EndAsync(session.UserId!.Value, cancellationToken), cancellationToken);

    protected override async Task LoadAsync(CancellationToken cancellationToken)
    {
        IsTechnician = (await session.GetUserAsync(cancellationToken))?.SystemRole == SystemRole.Technician;
        if (!IsTechnician || session.Tenant is null || session.UserId is not { } me)
        {
            return;
        }

        var grantable = new List<string>();
        foreach (var permission in HubPermissions.AllTenantLevel)
        {
            if (!await session.CanAsync(permission, cancellationToken))
            {
                grantable.Add(permission);
            }
        }

        Grantable = grantable;
        Current = await elevations.CurrentAsync(me, cancellationToken);
        Requests = await elevations.RequestsAsync(me, null, cancellationToken);
    }
}
