using Microsoft.AspNetCore.Mvc;
using MspHub.AspNetCore;
using MspHub.SampleHub.Data;
using MspHub.SampleHub.Hosting;
using MspHub.SampleHub.Operations;

namespace MspHub.SampleHub.Pages;

[RequirePermission("automs", "view")]
public sealed class AutomsModel(AutomOperations automs, CurrentSession session) : HubPage
{
    public IReadOnlyList<Autom> Automs { get; private set; } = [];

    public QuotaUsage Usage { get; private set; } = new(HubNames.AutomsQuota, 0, 0);

    public bool CanCreate { get; private set; }

    public bool CanDelete { get; private set; }

    public Task<IActionResult> OnPostCreateAsync(string? name, string? schedule, CancellationToken cancellationToken) =>
        ActAsync(async () =>
        {
            await session.DemandAsync(Perm.AutomsCreate, cancellationToken);
            var autom = await automs.CreateAsync(name, schedule, cancellationToken);
            return $"Autom '{autom.Name}' created.";
        }, cancellationToken);

    public Task<IActionResult> OnPostDeleteAsync(Guid id, CancellationToken cancellationToken) =>
        ActAsync(async () =>
        {
            await session.DemandAsync(Perm.AutomsDelete, cancellationToken);
            return await automs.DeleteAsync(id, cancellationToken) ? "Autom deleted." : throw new ArgumentException("This tenant has no such autom; nothing was deleted.");
        }, cancellationToken);

    protected override async Task LoadAsync(CancellationToken cancellationToken)
    {
        Automs = await automs.ListAsync(cancellationToken);
        Usage = await automs.UsageAsync(cancellationToken);
        CanCreate = await session.CanAsync(Perm.AutomsCreate, cancellationToken);
        CanDelete = await session.CanAsync(Perm.AutomsDelete, cancellationToken);
    }
}
