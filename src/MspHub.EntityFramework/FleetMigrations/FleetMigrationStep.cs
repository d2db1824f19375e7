namespace MspHub.EntityFramework;

/// <summary>What migrating one database found and did: the migrations it had, those it lacked, and whether anything ran.</summary>
internal sealed record FleetMigrationStep(IReadOnlyList<string> AppliedBefore, IReadOnlyList<string> PendingBefore, bool Changed);
