using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Metadata;

namespace MspHub.EntityFramework;

/// <summary>
/// Runs <see cref="TenantSaveGuard"/> on every SaveChanges of a context with tenant-owned entities, at the one
/// moment that sees everything that will be saved: when EF Core detects changes at the start of the save, after
/// every interceptor (so rows a host's own interceptor adds are checked too), and before any command. With
/// automatic change detection off, EF Core saves only what is already marked, so the guard runs right away.
/// </summary>
/// <remarks>
/// Detecting changes is the costliest part of a small save; running the guard on EF Core's own detection
/// instead of a second one of its own keeps the guard's cost to one walk over the tracked entries.
/// </remarks>
internal sealed class TenantSaveChangesInterceptor : SaveChangesInterceptor
{
    public static readonly TenantSaveChangesInterceptor Instance = new();

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Arm(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Arm(eventData.Context);
        return new(result);
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        Disarm(eventData.Context);
        return result;
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Disarm(eventData.Context);
        return new(result);
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData) => Disarm(eventData.Context);

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Disarm(eventData.Context);
        return Task.CompletedTask;
    }

    public override void SaveChangesCanceled(DbContextEventData eventData) => Disarm(eventData.Context);

    public override Task SaveChangesCanceledAsync(DbContextEventData eventData, CancellationToken cancellationToken = default)
    {
        Disarm(eventData.Context);
        return Task.CompletedTask;
    }

    private static void Arm(DbContext? context)
    {
        if (context is null || DbContextTenancy.For(context) is not { HasTenantOwnedEntities: true } tenancy)
        {
            return;
        }

        if (tenancy.HasKeyBoundTenantIds)
        {
            // EF Core refuses a changed key value while detecting changes, with its own error; refuse it first with ours.
            TenantSaveGuard.RefuseTenantChangesBeforeDetection(context.ChangeTracker);
        }

        var tracker = context.ChangeTracker;
        if (!tracker.AutoDetectChangesEnabled || tenancy.HasSaveInterceptorsAfterGuard || tenancy.TracksByNotification)
        {
            // Without automatic detection EF Core saves what is marked now. A later interceptor could turn
            // detection off, and the save would then never reach the guard at EF Core's detection: check now too.
            // Entities that report their own changes are marked already, and a model of only such entities is never
            // detected at all.
            if (tracker.AutoDetectChangesEnabled)
            {
                tracker.DetectChanges();
            }

            TenantSaveGuard.Check(context, tenancy.Tenancy.Current, changesDetected: tracker.AutoDetectChangesEnabled);
        }

        if (tracker.AutoDetectChangesEnabled)
        {
            tenancy.SaveGuard.RunAtEveryDetection();
        }
    }

    // The guard belongs to the save: a detection after it (or after a save that failed or was suppressed) is not checked.
    private static void Disarm(DbContext? context)
    {
        if (context is not null && DbContextTenancy.For(context) is { HasTenantOwnedEntities: true } tenancy)
        {
            tenancy.SaveGuard.Disarm();
        }
    }
}
