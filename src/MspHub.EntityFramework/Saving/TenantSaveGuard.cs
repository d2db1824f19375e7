using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata;

namespace MspHub.EntityFramework;

/// <summary>
/// Checks every tenant-owned change before SaveChanges sends anything: stamps the current tenant on new
/// rows, refuses rows of other tenants, refuses any change of a tenant id, and refuses everything when
/// no tenant is in context. Checks run before any command, so a refused save writes nothing.
/// </summary>
internal static class TenantSaveGuard
{
    /// <summary>
    /// Checks the tracked entries as they are; <paramref name="changesDetected"/> says EF Core has just detected
    /// changes, so an unchanged entry's values are the ones it was read or attached with.
    /// </summary>
    public static void Check(DbContext context, TenantContext current, bool changesDetected)
    {
        var tracker = context.ChangeTracker;
        if (current.IsSubtree)
        {
            RefuseAnyChange(tracker, current);
            return;
        }

        var detect = tracker.AutoDetectChangesEnabled;
        tracker.AutoDetectChangesEnabled = false;
        try
        {
            // Giving a row its tenant id changes its tenant-composite key, which re-indexes the tracker's
            // entries: those rows are collected and changed after the walk (usually there are none, as the
            // tenant id was given when the row was tracked).
            List<PropertyEntry>? unstamped = null;
            foreach (var entry in tracker.Entries())
            {
                if (entry.State is EntityState.Detached
                    || TenantAnnotations.TenantIdProperty(entry.Metadata) is not { } tenantIdProperty)
                {
                    continue;
                }

                if (entry.State == EntityState.Added)
                {
                    var tenantId = CurrentTenantId(entry, tenantIdProperty);
                    if (CheckAdded(entry, tenantId, current))
                    {
                        (unstamped ??= []).Add(entry.Property(tenantIdProperty));
                    }

                    RefuseReferencesToOtherTenants(entry, OwnerOf(tenantId, current));
                }
                else if (entry.State is EntityState.Modified or EntityState.Deleted)
                {
                    var tenantId = entry.Property(tenantIdProperty);
                    if (CheckExisting(entry, tenantId, current))
                    {
                        (unstamped ??= []).Add(tenantId);
                    }

                    if (entry.State == EntityState.Modified)
                    {
                        RefuseReferencesToOtherTenants(entry, OwnerOf((Guid)tenantId.CurrentValue!, current));
                    }
                }
                else if (current.HasTenant && MayBeStub(entry, tenantIdProperty, changesDetected) && IsUnclaimedStub(entry.Property(tenantIdProperty)))
                {
                    (unstamped ??= []).Add(entry.Property(tenantIdProperty));
                }
            }

            if (unstamped is not null)
            {
                foreach (var tenantId in unstamped)
                {
                    Stamp(tenantId, current.TenantId!.Value);
                }
            }
        }
        finally
        {
            tracker.AutoDetectChangesEnabled = detect;
        }
    }

    // A subtree scope is read-only: any change at all, to tenant-owned rows or not, is refused before anything is sent.
    private static void RefuseAnyChange(ChangeTracker tracker, TenantContext current)
    {
        foreach (var entry in tracker.Entries())
        {
            if (entry.State is EntityState.Added or EntityState.Modified or EntityState.Deleted)
            {
                throw SubtreeQueryRewriter.ReadOnly($"Saving '{entry.Metadata.DisplayName()}' ({entry.State}) in {current}");
            }
        }
    }

    // The tenant a row is saved for: its own tenant id, or the current tenant's that the guard stamps on it.
    private static Guid? OwnerOf(Guid tenantId, TenantContext current) => tenantId == Guid.Empty ? current.TenantId : tenantId;

    // A plain foreign key (opted out of the tenant-composite one) lets the database accept a reference to another
    // tenant's row; where the context tracks the referenced row, its tenant is known here and the save is refused.
    private static void RefuseReferencesToOtherTenants(EntityEntry entry, Guid? owner)
    {
        if (owner is not { } tenantId)
        {
            return;
        }

        foreach (var navigation in TenantReferences.Plain(entry.Metadata))
        {
            if (entry.Reference(navigation).TargetEntry is { } target
                && TenantAnnotations.TenantIdProperty(target.Metadata) is { } targetTenantProperty
                && (Guid)target.Property(targetTenantProperty).CurrentValue! is var other && other != Guid.Empty && other != tenantId)
            {
                throw Refused($"A '{entry.Metadata.DisplayName()}' of tenant {tenantId} references a '{target.Metadata.DisplayName()}' of tenant {other} through '{navigation.Name}'.");
            }
        }
    }

    // Through a property entry: EF Core's CurrentValues allocates more per entry than the entry and the boxed value.
    private static Guid CurrentTenantId(EntityEntry entry, string tenantIdProperty) => (Guid)entry.Property(tenantIdProperty).CurrentValue!;

    // Unchanged rows are most of what a long-lived context tracks, and each is asked this on every save. Once EF Core
    // has detected changes, an unchanged row's tenant id is the one it was read or attached with, so a CLR property
    // that holds a tenant rules a stub out without a property entry or a boxed value.
    // (The getter's "sentinel" is the empty id unless a host configured another, which then takes the slower read.)
    private static bool MayBeStub(EntityEntry entry, string tenantIdProperty, bool changesDetected) =>
        !changesDetected
        || entry.Metadata.FindProperty(tenantIdProperty) is not { } property
        || property.IsShadowProperty()
        || property.Sentinel is not Guid sentinel || sentinel != Guid.Empty
        || property.GetGetter().HasSentinelValueUsingContainingEntity(entry.Entity);

    // An unchanged stub is not written itself, but its owned parts may be, in its row: they and the stub
    // must name the same tenant, the current one, so the UPDATE of those parts carries the tenant check.
    private static bool IsUnclaimedStub(PropertyEntry tenantId) =>
        tenantId.OriginalValue is Guid original && original == Guid.Empty
        && tenantId.Metadata.GetAfterSaveBehavior() != PropertySaveBehavior.Throw;

    // Gives a new row, or a stub attached by key alone, the current tenant: as its original value too, so the
    // UPDATE or DELETE of a stub (the tenant id is a concurrency token) matches only this tenant's row, and an
    // owned part added to an existing row becomes an UPDATE whose tenant check compares it with the owner's.
    private static void Stamp(PropertyEntry tenantId, Guid current)
    {
        var unchanged = tenantId.EntityEntry.State == EntityState.Unchanged;
        tenantId.OriginalValue = current;
        if ((Guid)tenantId.CurrentValue! == Guid.Empty)
        {
            tenantId.CurrentValue = current;
        }

        if (unchanged)
        {
            tenantId.IsModified = false;
        }
    }

    // With the tenant id in a key the host defined, EF Core refuses its change while detecting changes;
    // this refuses it first, with the isolation error. (Otherwise Check refuses it after detection.)
    public static void RefuseTenantChangesBeforeDetection(ChangeTracker changeTracker)
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

    // Refuses a new row that must not be saved; returns whether it still needs the current tenant stamped on it.
    private static bool CheckAdded(EntityEntry entry, Guid value, TenantContext current)
    {
        if (current.Kind == TenantContextKind.None)
        {
            throw new TenantRequiredException($"Entity '{entry.Metadata.DisplayName()}', being saved,", current);
        }

        if (value == Guid.Empty)
        {
            return current.HasTenant
                ? true
                : throw Refused($"A new '{entry.Metadata.DisplayName()}' has no tenant id, and {current} has no tenant to give it. Set its tenant id explicitly.");
        }

        if (current.HasTenant && value != current.TenantId)
        {
            throw Refused($"A new '{entry.Metadata.DisplayName()}' names tenant {value}, but the current tenant is {current.Tenant!.Slug} ({current.TenantId}).");
        }

        return false;
    }

    // Refuses a change or deletion that must not be saved; returns whether the row, a stub, still needs the current tenant.
    private static bool CheckExisting(EntityEntry entry, PropertyEntry tenantId, TenantContext current)
    {
        var entity = entry.Metadata.DisplayName();
        if (current.Kind == TenantContextKind.None)
        {
            throw new TenantRequiredException($"Entity '{entity}', being saved,", current);
        }

        var value = (Guid)tenantId.CurrentValue!;
        var original = (Guid)tenantId.OriginalValue!;
        if (original == Guid.Empty && current.HasTenant)
        {
            if (tenantId.Metadata.GetAfterSaveBehavior() == PropertySaveBehavior.Throw)
            {
                throw Refused($"'{entity}' was attached without a tenant id, which is part of its primary key here, so it cannot be claimed for the current tenant. Set its tenant id before attaching it.");
            }

            // An entity attached by key alone (a stub). Claiming it for the current tenant is safe: the
            // tenant id is a concurrency token, so the UPDATE or DELETE matches only this tenant's row.
            if (value != Guid.Empty && value != current.TenantId)
            {
                throw MoveRefused(entity, current.TenantId!.Value, value);
            }

            return true;
        }

        if (value != original)
        {
            throw MoveRefused(entity, original, value);
        }

        if (current.HasTenant && original != current.TenantId)
        {
            throw Refused($"'{entity}' belongs to tenant {original}, not to the current tenant {current.Tenant!.Slug} ({current.TenantId}).");
        }

        return false;
    }

    private static TenantIsolationException MoveRefused(string entity, Guid from, Guid to) =>
        Refused($"'{entity}' would move from tenant {from} to {to}. A row's tenant never changes through SaveChanges.");

    private static TenantIsolationException Refused(string reason) => new($"{reason} Nothing was saved.");
}
