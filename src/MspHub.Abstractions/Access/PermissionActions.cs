namespace MspHub;

/// <summary>The standard actions; hosts may declare others (for example <c>generate</c> or <c>run</c>).</summary>
public static class PermissionActions
{
    /// <summary>Read a resource.</summary>
    public const string View = "view";

    /// <summary>Create a resource.</summary>
    public const string Create = "create";

    /// <summary>Change a resource.</summary>
    public const string Update = "update";

    /// <summary>Delete a resource.</summary>
    public const string Delete = "delete";

    /// <summary>View, create, update and delete.</summary>
    public static IReadOnlyList<string> All { get; } = [View, Create, Update, Delete];
}
