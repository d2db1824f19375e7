using System.Collections.Frozen;

namespace MspHub;

/// <summary>One operation's levels and who may approve it.</summary>
internal sealed class OperationRule(GateLevel level, FrozenDictionary<Guid, GateLevel> tenantLevels, string approvePermission)
{
    public string ApprovePermission { get; } = approvePermission;

    public GateLevel LevelIn(Guid tenantId) => tenantLevels.Count != 0 && tenantLevels.TryGetValue(tenantId, out var own) ? own : level;
}
