using System.Collections.Frozen;

namespace MspHub;

/// <summary>One operation's levels, who may approve it, and whether it is decided in the admin tenancy.</summary>
internal sealed class OperationRule(GateLevel level, FrozenDictionary<Guid, GateLevel> tenantLevels, string approvePermission, bool inAdminTenancy)
{
    public string ApprovePermission { get; } = approvePermission;

    public bool InAdminTenancy { get; } = inAdminTenancy;

    public GateLevel LevelIn(Guid tenantId) => tenantLevels.Count != 0 && tenantLevels.TryGetValue(tenantId, out var own) ? own : level;
}
