namespace MspHub;

/// <summary>Declares the host's permissions inside <c>hub.AddPermissions(p => ...)</c>.</summary>
public sealed class PermissionCatalogBuilder
{
    private readonly List<(Permission Permission, bool Sensitive, bool MspLevel)> _declared = [];

    internal PermissionCatalogBuilder()
    {
    }

    /// <summary>Declares actions on <paramref name="resource"/>.</summary>
    /// <param name="resource">Lowercase letters, digits and dashes, for example <c>automs</c> or <c>api-keys</c>.</param>
    /// <param name="mspLevel">
    /// Whether the resource belongs to the MSP rather than to a tenant (tenant management, licences,
    /// billing): its permissions can never be part of a tenant role, so no tenant admin can hand them out.
    /// </param>
    public ResourcePermissionsBuilder Resource(string resource, bool mspLevel = false) => new(this, CheckName(resource, "resource"), mspLevel);

    internal void Add(Permission permission, bool sensitive, bool mspLevel)
    {
        CheckName(permission.Action, "action");
        if (_declared.Any(d => d.Permission == permission))
        {
            throw new ArgumentException($"Permission '{permission}' is declared twice.", nameof(permission));
        }

        _declared.Add((permission, sensitive, mspLevel));
    }

    /// <summary>Whether <paramref name="permission"/> is declared already, so an extension declares it only once.</summary>
    internal bool IsDeclared(Permission permission) => _declared.Any(d => d.Permission == permission);

    internal PermissionCatalog Build() => new(_declared);

    private static string CheckName(string name, string what)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-')
            ? name
            : throw new ArgumentException($"The {what} name '{name}' may hold only lowercase letters, digits and dashes.", nameof(name));
    }
}
