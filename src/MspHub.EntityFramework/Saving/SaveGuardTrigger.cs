using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace MspHub.EntityFramework;

/// <summary>
/// Runs <see cref="TenantSaveGuard"/> every time EF Core finishes detecting changes in one context while a save
/// is under way: the last time is the detection SaveChanges itself runs after every interceptor, so a change an
/// interceptor makes after an earlier detection (its own <c>Entries()</c> call) is checked too. One per context
/// instance, with its handler made once, so arming and disarming on every save allocates nothing.
/// </summary>
internal sealed class SaveGuardTrigger
{
    private readonly DbContext _context;
    private readonly ITenancy _tenancy;
    private readonly EventHandler<DetectedChangesEventArgs> _onDetected;

    public SaveGuardTrigger(DbContext context, ITenancy tenancy)
    {
        _context = context;
        _tenancy = tenancy;
        _onDetected = OnDetected;
    }

    public void RunAtEveryDetection()
    {
        // Removing first keeps one subscription however often a save is started without finishing.
        _context.ChangeTracker.DetectedAllChanges -= _onDetected;
        _context.ChangeTracker.DetectedAllChanges += _onDetected;
    }

    public void Disarm() => _context.ChangeTracker.DetectedAllChanges -= _onDetected;

    private void OnDetected(object? sender, DetectedChangesEventArgs e) => TenantSaveGuard.Check(_context, _tenancy.Current, changesDetected: true);
}
