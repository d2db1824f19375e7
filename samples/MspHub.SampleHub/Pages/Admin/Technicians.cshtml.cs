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

    /// <summary>Part of a name to search for; empty lists every technician.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    public const string CreateForm = "create-technician";

    /// <summary>The user name as typed, shown again with the message when it is refused.</summary>
    public string? UserName { get; private set; }

    /// <summary>The full name as typed, kept when the form is refused.</summary>
    public string? FullName { get; private set; }

    /// <summary>The email address as typed, kept when the form is refused.</summary>
    public string? Email { get; private set; }

    public Task<IActionResult> OnPostCreateAsync(string? userName, string? password, string? fullName, string? email, CancellationToken cancellationToken)
    {
        (UserName, FullName, Email) = (userName, fullName, email);
        return ActAsync(
            async () =>
            {
                await session.DemandAsync(Perm.TechniciansUpdate, cancellationToken);
                return $"Technician '{(await technicians.CreateAsync(userName, password, fullName, email, cancellationToken)).UserName}' created.";
            },
            cancellationToken,
            CreateForm);
    }

    public Task<IActionResult> OnPostRevokeAsync(Guid userId, Guid tenantId, CancellationToken cancellationToken) =>
        ActAsync(async () =>
        {
            await session.DemandAsync(Perm.TechniciansUpdate, cancellationToken);
            return await technicians.RevokeAsync(userId, tenantId, cancellationToken) ? "Assignment revoked." : "There was no such assignment.";
        }, cancellationToken);

    protected override async Task LoadAsync(CancellationToken cancellationToken)
    {
        var all = await technicians.ListAsync(cancellationToken);
        Technicians = string.IsNullOrWhiteSpace(Q) ? all : [.. all.Where(t => t.User.UserName.Contains(Q.Trim(), StringComparison.OrdinalIgnoreCase) || (t.FullName?.Contains(Q.Trim(), StringComparison.CurrentCultureIgnoreCase) ?? false))];
        Tenants = (await tenants.ListAsync(new TenantQuery { PageSize = TenantQuery.MaxPageSize }, cancellationToken)).Items;
        CanUpdate = await session.CanAsync(Perm.TechniciansUpdate, cancellationToken);
    }
}
