namespace MspHub;

/// <summary>Thrown when something cannot be stored because a value that must be unique (an id, a slug, a user name) is taken.</summary>
public sealed class ConflictException : MspHubException
{
    /// <summary>Creates the exception for a clash on <paramref name="entity"/>'s <paramref name="field"/> with <paramref name="value"/>.</summary>
    /// <param name="entity">What was being stored, for example <c>"tenant"</c> or <c>"user"</c>.</param>
    /// <param name="field">Which unique field clashed, for example <c>"slug"</c>.</param>
    /// <param name="value">The value already taken.</param>
    public ConflictException(string entity, string field, string value)
        : base($"A {entity} with {field} '{value}' already exists. Choose another {field}.")
    {
        Entity = entity;
        Field = field;
        Value = value;
    }

    /// <summary>Creates the exception for a clash reported by <paramref name="innerException"/> (a database's unique index, say).</summary>
    public ConflictException(string entity, string field, string value, Exception innerException)
        : base($"A {entity} with {field} '{value}' already exists. Choose another {field}.", innerException)
    {
        Entity = entity;
        Field = field;
        Value = value;
    }

    private ConflictException(string entity, string id)
        : base($"The {entity} '{id}' kept changing while this change was being made; read it again and retry.")
    {
        Entity = entity;
        Field = "version";
        Value = id;
    }

    /// <summary>
    /// Creates the exception for a write refused because <paramref name="entity"/> <paramref name="id"/> was
    /// changed by someone else after it was read (optimistic concurrency), even after reading it again.
    /// </summary>
    /// <param name="entity">What was being changed, for example <c>"tenant"</c>.</param>
    /// <param name="id">Its id.</param>
    public static ConflictException ChangedMeanwhile(string entity, string id) => new(entity, id);

    /// <summary>What was being stored: <c>"tenant"</c> or <c>"user"</c>.</summary>
    public string Entity { get; }

    /// <summary>Which unique field clashed: <c>"id"</c>, <c>"slug"</c> or <c>"user name"</c>; <c>"version"</c> when the row changed meanwhile.</summary>
    public string Field { get; }

    /// <summary>The value already taken; the id for a row that changed meanwhile.</summary>
    public string Value { get; }
}
