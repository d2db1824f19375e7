using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Metadata;

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

        // One change detection, here; the entries are then read with automatic detection off.
        var tracker = context.ChangeTracker;
        var detect = tracker.AutoDetectChangesEnabled;
        tracker.AutoDetectChangesEnabled = false;
        try
        {
            if (tenancy.HasKeyBoundTenantIds)
            {
                RefuseTenantChangesBeforeDetection(tracker);
            }

            if (detect)
            {
                tracker.DetectChanges();
            }

            var current = tenancy.Tenancy.Current;

            // A snapshot: claiming a stub changes its key, which re-indexes the tracker's entries.
            foreach (var entry in tracker.Entries().ToList())
            {
                if (TenantAnnotations.TenantIdProperty(entry.Metadata) is not { } tenantIdProperty)
                {
                    continue;
                }

                if (entry.State is EntityState.Added or EntityState.Modified or EntityState.Deleted)
                {
                    Check(entry, entry.Property(tenantIdProperty), current);
                }
                else if (entry.State == EntityState.Unchanged && current.HasTenant)
                {
                    ClaimUnchangedStub(entry.Property(tenantIdProperty), current.TenantId!.Value);
                }
            }
        }
        finally
        {
            tracker.AutoDetectChangesEnabled = detect;
        }
    }

    // An unchanged stub is not written itself, but its owned parts may be, in its row: they and the stub
    // must name the same tenant, the current one, so the UPDATE of those parts carries the tenant check.
    private static void ClaimUnchangedStub(PropertyEntry tenantId, Guid current)
    {
        if (tenantId.OriginalValue is Guid original && original == Guid.Empty
            && tenantId.Metadata.GetAfterSaveBehavior() != PropertySaveBehavior.Throw)
        {
            tenantId.OriginalValue = tenantId.CurrentValue = current;
            tenantId.IsModified = false;
        }
    }

    // With the tenant id in a key the host defined, EF Core refuses its change while detecting changes;
    // this refuses it first, with the isolation error. (Otherwise Check refuses it after detection.)
    private static void RefuseTenantChangesBeforeDetection(ChangeTracker changeTracker)
    {
        foreach (var entry in changeTracker.Entries())
        {
            if (entry.State is EntityState.Unchanged or EntityState.Modified or EntityState.Deleted
                && TenantAnnotations.TenantIdProperty(entry.Metadata) is { } tenantIdProperty
                && entry.Property(tenantIdProperty) is { OriginalValue: Guid original, CurrentValue: Guid value }
                && original != Guid.Empty && value != original)
            {
                throw MoveRefused(entry.Metadata.DisplayName(), original, value);
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
                // The original value too: an owned part added to a row that already exists becomes an UPDATE
                // whose tenant check compares it with the owner's.
                tenantId.CurrentValue = tenantId.OriginalValue = current.HasTenant
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
            if (tenantId.Metadata.GetAfterSaveBehavior() == PropertySaveBehavior.Throw)
            {
                throw Refused($"'{entity}' was attached without a tenant id, which is part of its primary key here, so it cannot be claimed for the current tenant. Set its tenant id before attaching it.");
            }

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
            throw MoveRefused(entity, original, value);
        }

        if (current.HasTenant && original != current.TenantId)
        {
            throw Refused($"'{entity}' belongs to tenant {original}, not to the current tenant {current.Tenant!.Slug} ({current.TenantId}).");
        }
    }

    private static TenantIsolationException MoveRefused(string entity, Guid from, Guid to) =>
        Refused($"'{entity}' would move from tenant {from} to {to}. A row's tenant never changes through SaveChanges.");

    private static TenantIsolationException Refused(string reason) => new($"{reason} Nothing was saved.");
}
