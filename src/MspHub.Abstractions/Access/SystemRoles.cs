namespace MspHub;

/// <summary>The names of the system roles, which no tenant role may take.</summary>
public static class SystemRoles
{
    /// <summary>Whether <paramref name="name"/> is a system role's name, ignoring case.</summary>
    public static bool IsSystemRoleName(string name) =>
        string.Equals(name, nameof(SystemRole.MspAdmin), StringComparison.OrdinalIgnoreCase)
        || string.Equals(name, nameof(SystemRole.Technician), StringComparison.OrdinalIgnoreCase);
}
