using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.ValueGeneration;

namespace MspHub.EntityFramework;

/// <summary>
/// Gives a new tenant-owned entity the current tenant's id the moment it is tracked (EF Core asks value
/// generators before the entity enters the identity map), so the tenant-composite keys are indexed once,
/// with their final values. Outside any tenant it gives <see cref="Guid.Empty"/>; the save guard then stamps
/// or refuses at SaveChanges as before, and still checks every entry, so this only saves work.
/// </summary>
internal sealed class CurrentTenantValueGenerator : ValueGenerator<Guid>
{
    public override bool GeneratesTemporaryValues => false;

    public override Guid Next(EntityEntry entry) =>
        (entry.Context.GetInfrastructure().GetService(typeof(DbContextTenancy)) as DbContextTenancy)?.Tenancy.Current.TenantId ?? Guid.Empty;
}
