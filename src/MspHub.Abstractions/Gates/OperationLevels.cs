using System.Collections.Frozen;
using Microsoft.Extensions.Options;

namespace MspHub;

/// <summary>
/// The gated operations as a frozen table built once at start, so finding an operation's level is one hash look-up
/// (two with tenant levels) and allocates nothing.
/// </summary>
internal sealed class OperationLevels(IOptions<OperationGateOptions> options)
{
    private readonly FrozenDictionary<string, OperationRule> _rules = options.Value.Operations.ToFrozenDictionary(
        o => o.Key, o => new OperationRule(o.Value.Level, o.Value.TenantLevels.ToFrozenDictionary(), o.Value.ApprovePermission ?? options.Value.ApprovePermission, o.Value.InAdminTenancy),
        StringComparer.Ordinal);

    public OperationRule Find(string operation)
    {
        ArgumentNullException.ThrowIfNull(operation);
        return _rules.TryGetValue(operation, out var rule)
            ? rule
            : throw new ArgumentException(
                $"'{operation}' is not a gated operation; declare it with hub.AddOperationGates(o => o.Gate(\"{operation}\", level)).", nameof(operation));
    }
}
