using System.Buffers;

namespace MspHub;

/// <summary>The checks every <see cref="AuditEntry"/> passes before it is recorded, in one place for every store.</summary>
internal static class AuditEntryRules
{
    // Key fragments that name credentials; a detail under such a key is refused rather than stored and exported.
    private static readonly SearchValues<string> SecretWords =
        SearchValues.Create(["password", "secret", "token", "credential", "private", "apikey", "api_key", "api-key-value"], StringComparison.Ordinal);

    private static readonly SearchValues<char> KeyCharacters = SearchValues.Create("abcdefghijklmnopqrstuvwxyz0123456789.-_");

    public static void Validate(AuditEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (string.IsNullOrWhiteSpace(entry.Action) || entry.Action.Length > AuditEntry.MaxActionLength)
        {
            throw new InvalidAuditEntryException($"An audit action is 1 to {AuditEntry.MaxActionLength} characters, such as \"sample.autom.deleted\".");
        }

        if (entry.TenantId == Guid.Empty)
        {
            throw new InvalidAuditEntryException("Guid.Empty is not a tenant; pass null for an MSP-level action.");
        }

        Text(entry.TargetType, "target type");
        Text(entry.TargetId, "target id");
        Text(entry.Reason, "reason");
        Text(entry.CorrelationId, "correlation id");
        if (entry.Detail is not { } detail)
        {
            return;
        }

        if (detail.Count > AuditEntry.MaxDetailEntries)
        {
            throw new InvalidAuditEntryException($"An audit record carries at most {AuditEntry.MaxDetailEntries} detail entries; it had {detail.Count}.");
        }

        foreach (var (key, value) in detail)
        {
            if (key.Length is 0 or > AuditEntry.MaxDetailKeyLength || key.AsSpan().ContainsAnyExcept(KeyCharacters))
            {
                throw new InvalidAuditEntryException(
                    $"Audit detail keys are 1 to {AuditEntry.MaxDetailKeyLength} lowercase letters, digits, dots, dashes or underscores; '{Quote(key)}' is not.");
            }

            if (key.AsSpan().ContainsAny(SecretWords))
            {
                throw new InvalidAuditEntryException($"Audit detail key '{key}' names a secret; audit records are exported and read by administrators, so they never hold secrets.");
            }

            if (value is null || value.Length > AuditEntry.MaxDetailValueLength)
            {
                throw new InvalidAuditEntryException($"Audit detail '{key}' needs a value of at most {AuditEntry.MaxDetailValueLength} characters.");
            }
        }
    }

    private static void Text(string? value, string what)
    {
        if (value is { Length: > AuditEntry.MaxTextLength })
        {
            throw new InvalidAuditEntryException($"An audit {what} is at most {AuditEntry.MaxTextLength} characters.");
        }
    }

    private static string Quote(string text) => text.Length <= 32 ? text : text[..32] + "…";
}
