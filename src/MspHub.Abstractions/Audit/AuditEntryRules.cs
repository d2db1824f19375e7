using System.Buffers;

namespace MspHub;

/// <summary>The checks every <see cref="AuditEntry"/> passes before it is recorded, in one place for every store.</summary>
internal static class AuditEntryRules
{
    // Key fragments that name credentials; a detail under such a key is refused rather than stored and exported.
    private static readonly SearchValues<string> SecretWords =
        SearchValues.Create(["password", "secret", "token", "credential", "private", "apikey", "api_key", "api-key-value"], StringComparison.Ordinal);

    private static readonly SearchValues<char> KeyCharacters = SearchValues.Create("abcdefghijklmnopqrstuvwxyz0123456789.-_");

    /// <summary>
    /// Checks <paramref name="entry"/> and returns its detail sorted by ordinal key, the order the hash encodes, with
    /// room for one more entry (a refusal's count); <see langword="null"/> when it has none. Copying it also keeps the
    /// record from changing with the caller's dictionary. The copy is checked, so the entry's detail is walked once.
    /// </summary>
    public static SortedList<string, string>? Validate(AuditEntry entry)
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
        if (entry.Detail is not { Count: > 0 } given)
        {
            return null;
        }

        if (given.Count > AuditEntry.MaxDetailEntries)
        {
            throw new InvalidAuditEntryException($"An audit record carries at most {AuditEntry.MaxDetailEntries} detail entries; it had {given.Count}.");
        }

        var detail = new SortedList<string, string>(given.Count + 1, StringComparer.Ordinal);
        // The usual details, walked without boxing an enumerator.
        if (given is Dictionary<string, string> dictionary)
        {
            foreach (var (key, value) in dictionary)
            {
                detail[key] = value;
            }
        }
        else if (given is SortedList<string, string> sorted)
        {
            for (var i = 0; i < sorted.Count; i++)
            {
                detail[sorted.GetKeyAtIndex(i)] = sorted.GetValueAtIndex(i);
            }
        }
        else
        {
            foreach (var (key, value) in given)
            {
                detail[key ?? throw new InvalidAuditEntryException("An audit detail key cannot be null.")] = value;
            }
        }

        for (var i = 0; i < detail.Count; i++)
        {
            var (key, value) = (detail.GetKeyAtIndex(i), detail.GetValueAtIndex(i));
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

        return detail;
    }

    private static void Text(string? value, string what)
    {
        if (value is { Length: > AuditEntry.MaxTextLength })
        {
            throw new InvalidAuditEntryException($"An audit {what} is at most {AuditEntry.MaxTextLength} characters.");
        }
    }

    private static string Quote(string text) => Guard.Shorten(text, 33);
}
