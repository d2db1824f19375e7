namespace MspHub;

/// <summary>Thrown when a tenant cannot be stored because its id or slug is already taken.</summary>
public sealed class TenantConflictException : MspHubException
{
    /// <summary>Creates the exception for a clash on <paramref name="field"/> with <paramref name="value"/>.</summary>
    /// <param name="field">Which unique field clashed: <c>"id"</c> or <c>"slug"</c>.</param>
    /// <param name="value">The value already taken.</param>
    public TenantConflictException(string field, string value)
        : base($"A tenant with {field} '{value}' already exists. Choose another {field}.")
    {
        Field = field;
        Value = value;
    }

    /// <summary>Which unique field clashed: <c>"id"</c> or <c>"slug"</c>.</summary>
    public string Field { get; }

    /// <summary>The value already taken.</summary>
    public string Value { get; }
}
