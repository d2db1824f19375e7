namespace MspHub;

/// <summary>Thrown when something cannot be stored because a value that must be unique (an id, a slug, a user name) is taken.</summary>
public sealed class ConflictException : MspHubException
{
    /// <summary>Creates the exception for a clash on <paramref name="entity"/>'s <paramref name="field"/> with <paramref name="value"/>.</summary>
    /// <param name="entity">What was being stored, for example <c>"tenant"</c> or <c>"user"</c>.</param>
    /// <param name="field">Which unique field clashed, for example <c>"slug"</c>.</param>
    /// <param name="value">The value already taken.</param>
    public ConflictException(string entity, string field, string value)
        : base(Taken(entity, field, value))
    {
        Entity = entity;
        Field = field;
        Value = value;
    }

    /// <summary>Creates the exception for a clash reported by <paramref name="innerException"/> (a database's unique index, say).</summary>
    public ConflictException(string entity, string field, string value, Exception innerException)
        : base(Taken(entity, field, value), innerException)
    {
        Entity = entity;
        Field = field;
        Value = value;
    }

    private ConflictException(string message, string entity, string field, string value, Exception? innerException = null)
        : base(message, innerException!)
    {
        Entity = entity;
        Field = field;
        Value = value;
    }

    /// <summary>
    /// Creates the exception for a write refused because <paramref name="entity"/> <paramref name="id"/> was
    /// changed by someone else after it was read (optimistic concurrency), even after reading it again.
    /// </summary>
    /// <param name="entity">What was being changed, for example <c>"tenant"</c>.</param>
    /// <param name="id">Its id.</param>
    public static ConflictException ChangedMeanwhile(string entity, string id) => ChangedMeanwhile(entity, id, innerException: null);

    /// <summary>
    /// Creates the exception for a write refused because <paramref name="entity"/> <paramref name="id"/> was changed by
    /// someone else meanwhile, as <paramref name="innerException"/> (a database's constraint, say) reports.
    /// </summary>
    /// <param name="entity">What was being changed, for example <c>"tenant"</c>.</param>
    /// <param name="id">Its id.</param>
    /// <param name="innerException">What reported the clash.</param>
    public static ConflictException ChangedMeanwhile(string entity, string id, Exception? innerException) =>
        new($"The {entity} '{id}' kept changing while this change was being made; read it again and retry.", entity, "version", id, innerException);

    /// <summary>
    /// Creates the exception for work refused because the same work on <paramref name="id"/> is under way elsewhere
    /// (another node moving the same tenant, say); it may be tried again once that finishes.
    /// </summary>
    /// <param name="work">What is under way, for example <c>"move"</c>.</param>
    /// <param name="id">What it works on.</param>
    public static ConflictException UnderWay(string work, string id) =>
        new($"A {work} of '{id}' is under way elsewhere; try again once it has finished.", work, "in-progress", id);

    // "An autom", "an API key", "a tenant", "a user": entity names are a host's words too, so the article follows them.
    private static string Taken(string entity, string field, string value) =>
        $"{(entity.Length > 0 && "aeioAEIO".Contains(entity[0], StringComparison.Ordinal) ? "An" : "A")} {entity} with {field} '{value}' already exists. Choose another {field}.";

    /// <summary>What was being stored: <c>"tenant"</c> or <c>"user"</c>.</summary>
    public string Entity { get; }

    /// <summary>Which unique field clashed: <c>"id"</c>, <c>"slug"</c> or <c>"user name"</c>; <c>"version"</c> when the row changed meanwhile; <c>"in-progress"</c> when the same work is under way elsewhere.</summary>
    public string Field { get; }

    /// <summary>The value already taken; the id for a row that changed meanwhile.</summary>
    public string Value { get; }
}
