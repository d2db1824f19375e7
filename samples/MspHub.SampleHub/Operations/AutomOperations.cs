using Microsoft.EntityFrameworkCore;
using MspHub.SampleHub.Data;
using MspHub.SampleHub.Hosting;

namespace MspHub.SampleHub.Operations;

/// <summary>The active tenant's automs. Creation claims the "automs" quota in the same transaction as the insert, so the limit holds under concurrent creations.</summary>
public sealed class AutomOperations(SampleDb db, IQuotaCounter quotas, ITenancy tenancy)
{
    public Task<List<Autom>> ListAsync(CancellationToken cancellationToken) => db.Automs.AsNoTracking().OrderBy(a => a.Name).ToListAsync(cancellationToken);

    public async Task<QuotaUsage> UsageAsync(CancellationToken cancellationToken) =>
        await quotas.GetUsageAsync(tenancy.Current.RequireTenant("automs").Id, HubNames.AutomsQuota, cancellationToken);

    public async Task<Autom> CreateAsync(string? name, string? schedule, CancellationToken cancellationToken)
    {
        var autom = new Autom { Name = Input.Name(name, "An autom's name"), Schedule = string.IsNullOrWhiteSpace(schedule) ? "daily" : Input.Name(schedule, "A schedule") };
        var sameName = Input.SameName(autom.Name);
#pragma warning disable CA1304, CA1311, CA1862 // ToLower() is what EF Core translates to the database's lower()
        if (await db.Automs.AnyAsync(a => a.Name.ToLower() == sameName, cancellationToken))
#pragma warning restore CA1304, CA1311, CA1862
        {
            throw new ConflictException("autom", "name", autom.Name);
        }

        await using var claim = await quotas.ClaimAsync(HubNames.AutomsQuota, 1, cancellationToken);
        db.Automs.Add(autom);
        await db.SaveChangesAsync(cancellationToken);
        await claim.CommitAsync(cancellationToken);
        return autom;
    }

    /// <summary>Deletes the autom and gives its quota back; false when the active tenant has no such autom.</summary>
    public async Task<bool> DeleteAsync(Guid id, CancellationToken cancellationToken)
    {
        if (await db.Automs.SingleOrDefaultAsync(a => a.Id == id, cancellationToken) is not { } autom)
        {
            return false;
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.Automs.Remove(autom);
        await db.SaveChangesAsync(cancellationToken);
        await quotas.ReleaseAsync(HubNames.AutomsQuota, 1, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }
}
