using System.Reflection;
using System.Text.RegularExpressions;

namespace MspHub.SampleHub.Pages.Audit;

/// <summary>
/// What the audit page shows for the codes a record holds: MspHub's actions by the name of their
/// <see cref="AuditActions"/> constant ("msphub.feature.set" is "Feature set"), target kinds and chain problems in words.
/// An action of the host's own, which has no constant, keeps its code.
/// </summary>
public static partial class AuditLabels
{
    /// <summary>Every MspHub action, by label.</summary>
    public static IReadOnlyList<(string Action, string Label)> Actions { get; } =
    [
        .. typeof(AuditActions).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.FieldType == typeof(string))
            .Select(f => ((string)f.GetRawConstantValue()!, Words(f.Name)))
            .OrderBy(a => a.Item2, StringComparer.Ordinal),
    ];

    private static readonly Dictionary<string, string> ActionLabels = Actions.ToDictionary(a => a.Action, a => a.Label, StringComparer.Ordinal);

    /// <summary>The kinds of target MspHub's records name, by label.</summary>
    public static IReadOnlyList<(string TargetType, string Label)> TargetTypes { get; } =
    [
        ("api-key", "API key"), ("audit-chain", "Audit log"), ("branding", "Branding"), ("feature", "Feature"), ("licence", "Licence"),
        ("permission", "Permission"), ("quota", "Quota"), ("tenant", "Tenant"), ("user", "User"), ("vault-secret", "Vault secret"),
    ];

    public static string Action(string action) => ActionLabels.GetValueOrDefault(action, action);

    public static string TargetType(string targetType) =>
        TargetTypes.FirstOrDefault(t => t.TargetType == targetType).Label ?? Capitalised(targetType.Replace('-', ' '));

    public static string Problem(AuditChainProblem problem) => problem switch
    {
        AuditChainProblem.ContentChanged => "a record was changed after it was written",
        AuditChainProblem.Missing => "records are missing",
        AuditChainProblem.Inserted => "a record was inserted",
        AuditChainProblem.Reordered => "records were moved",
        AuditChainProblem.Truncated => "the last records were removed",
        AuditChainProblem.CheckpointForged => "a signed checkpoint does not verify",
        AuditChainProblem.UnknownKey => "a checkpoint is signed with a key this hub does not trust",
        AuditChainProblem.CheckpointChainBroken => "checkpoints were removed or replaced",
        AuditChainProblem.UnsignedTail or AuditChainProblem.CheckpointOverdue => "the newest records are not signed when they should be",
        _ => Words(problem.ToString()).ToLowerInvariant(),
    };

    // "ApiKeyCreated" is "API key created".
    private static string Words(string name) =>
        Capitalised(PascalWord().Replace(name, " $1").Trim().ToLowerInvariant().Replace("api key", "API key", StringComparison.Ordinal));

    private static string Capitalised(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];

    [GeneratedRegex("([A-Z])")]
    private static partial Regex PascalWord();
}
