using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace MspHub.EntityFramework;

/// <summary>
/// Checks every tenant-owned change before SaveChanges sends anything: stamps the current tenant on new
/// rows, refuses rows of other tenants, refuses any change of a tenant id, and refuses everything when
/// no tenant is in context. Checks run before any command, so a refused save writes nothing.
/// </summary>
internal sealed class TenantSaveChangesInterceptor : SaveChangesInterceptor
{
    public static readonly TenantSaveChangesInterceptor Instance = new();

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Guard(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Guard(eventData.Context);
        return new(result);
    }

    private static void Guard(DbContext? context)
    {
        if (context is null || DbContextTenancy.For(context) is not { HasTenantOwnedEntities: true } tenancy)
        {
            return;
        }

        if (context.ChangeTracker.AutoDetectChangesEnabled)
        {
            context.ChangeTracker.DetectChanges();
        }

        var current = tenancy.Tenancy.Current;
        foreach (var entry in context.ChangeTracker.Entries())
        {
            if (entry.State is EntityState.Added or EntityState.Modified or EntityState.Deleted
                && TenantAnnotations.TenantIdProperty(entry.Metadata) is { } tenantIdProperty)
            {
                Check(entry, entry.Property(tenantIdProperty), current);
            }
        }
    }

    private static void Check(EntityEntry entry, PropertyEntry tenantId, TenantContext current)
    {
        var entity = entry.Metadata.DisplayName();
        if (current.Kind == TenantContextKind.None)
        {
            throw new TenantRequiredException($"Saving entity '{entity}'", current);
        }

        var value = (Guid)tenantId.CurrentValue!;
        if (entry.State == EntityState.Added)
        {
            if (value == Guid.Empty)
            {
                tenantId.CurrentValue = current.HasTenant
                    ? current.TenantId!.Value
                    : throw Refused($"A new '{entity}' has no tenant id, and {current} has no tenant to give it. Set its tenant id explicitly.");
            }
            else if (current.HasTenant && value != current.TenantId)
            {
                throw Refused($"A new '{entity}' names tenant {value}, but the current tenant is {current.Tenant!.Slug} ({current.TenantId}).");
            }

            return;
        }

        var original = (Guid)tenantId.OriginalValue!;
        if (original == Guid.Empty && current.HasTenant)
        {
            // An entity attached by key alone (a stub). Claiming it for the current tenant is safe: the
            // tenant id is a concurrency token, so the UPDATE or DELETE matches only this tenant's row.
            tenantId.OriginalValue = current.TenantId!.Value;
            if (value == Guid.Empty)
            {
                tenantId.CurrentValue = current.TenantId.Value;
            }

            original = current.TenantId.Value;
            value = (Guid)tenantId.CurrentValue!;
        }

        if (value != original)
        {
            throw Refused($"'{entity}' would move from tenant {original} to {value}. A row's tenant never changes through SaveChanges.");
        }

        if (current.HasTenant && original != current.TenantId)
        {
            throw Refused($"'{entity}' belongs to tenant {original}, not to the current tenant {current.Tenant!.Slug} ({current.TenantId}).");
        }
    }

    private static TenantIsolationException Refused(string reason) => new($"{reason} Nothing was saved.");
}
