namespace MspHub;

/// <summary>
/// Thrown when a tenant slug breaks one of the rules in <see cref="TenantSlug"/>. The message names the
/// rule and the offending value, because slugs are typed by people and the fix is usually obvious once
/// the rule is shown.
/// </summary>
public sealed class InvalidTenantSlugException : MspHubException
{
    // What ProblemDetails quote of a caller's text at most, so a slug's refusal over HTTP quotes no more.
    private const int MaxQuotedLength = 64;

    /// <summary>Creates the exception for <paramref name="value"/> breaking <paramref name="rule"/>.</summary>
    public InvalidTenantSlugException(string? value, TenantSlugRule rule)
        : base(Describe(value, rule))
    {
        Value = value;
        Rule = rule;
    }

    /// <summary>The slug as it was given.</summary>
    public string? Value { get; }

    /// <summary>The rule it broke.</summary>
    public TenantSlugRule Rule { get; }

    private static string Describe(string? value, TenantSlugRule rule)
    {
        var quoted = value is null ? "null"
            : value.Length <= MaxQuotedLength ? $"'{value}'"
            : $"'{Guard.Shorten(value, MaxQuotedLength + 1)}' ({value.Length} characters)";
        var reason = rule switch
        {
            TenantSlugRule.Required => "a slug is required",
            TenantSlugRule.Length => $"a slug must be {TenantSlug.MinLength} to {TenantSlug.MaxLength} characters long (this one has {value?.Length ?? 0})",
            TenantSlugRule.Characters => "a slug may hold only lowercase letters a-z, digits 0-9 and dashes",
            TenantSlugRule.LeadingOrTrailingDash => "a slug must not start or end with a dash",
            TenantSlugRule.ConsecutiveDashes => "a slug must not hold two dashes in a row",
            TenantSlugRule.Reserved => "this word is reserved for the platform's own routes and host names",
            _ => rule.ToString(),
        };
        return $"Tenant slug {quoted} is invalid ({rule}): {reason}.";
    }
}
