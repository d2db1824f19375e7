using Microsoft.AspNetCore.Mvc;
using MspHub.AspNetCore;
using MspHub.SampleHub.Hosting;
using MspHub.SampleHub.Operations;

namespace MspHub.SampleHub.Pages.Admin;

[RequirePermission("technicians", "view")]
public sealed class TechniciansModel(TechnicianOperations technicians, ITenantStore tenants, CurrentSession session) : HubPage
{
    public IReadOnlyList<Technician> Technicians { get; private set; } = [];

    public IReadOnlyList<Tenant> Tenants { get; private set; } = [];

    public bool CanUpdate { get; private set; }

    public const string CreateForm = "create-technician";

    /// <summary>The user name as typed, shown again with the message when it is refused.</summary>
    public string? UserName { get; private set; }

    public Task<IActionResult> OnPostCreateAsync(string? userName, string? password, CancellationToken cancellationToken)
    {
        UserName = userName;
        return ActAsync(
            async () =>
            {
                await session.DemandAsync(Perm.TechniciansUpdate, cancellationToken);
                return $"Technician '{(await technicians.CreateAsync(userName, password, cancellationToken)).UserName}' created.";
            },
            cancellationToken,
            CreateForm);
    }

    public Task<IActionResult> OnPostGrantAsync(Guid userId, Guid tenantId, string[]? permissions, CancellationToken cancellationToken) =>
        ActAsync(async () =>
        {
            await session.DemandAsync(Perm.TechniciansUpdate, cancellationToken);
            await technicians.GrantAsync(userId, tenantId, permissions ?? [], cancellationToken);
            return "Assignment saved.";
        }, cancellationToken);

    public Task<IActionResult> OnPostRevokeAsync(Guid userId, Guid tenantId, CancellationToken cancellationToken) =>
        ActAsync(async () =>
        {
            await session.DemandAsync(Perm.TechniciansUpdate, cancellationToken);
            return await technicians.RevokeAsync(userId, tenantId, cancellationToken) ? "Assignment revoked." : "There was no such assignment.";
        }, cancellationToken);

    protected override async Task LoadAsync(CancellationToken cancellationToken)
    {
        Technicians = await technicians.ListAsync(cancellationToken);
        Tenants = (await tenants.ListAsync(new TenantQuery { PageSize = TenantQuery.MaxPageSize }, cancellationToken)).Items;
        CanUpdate = await session.CanAsync(Perm.TechniciansUpdate, cancellationToken);
    }
}
