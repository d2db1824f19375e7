namespace MspHub;

/// <summary>Thrown when code names a permission the host never declared, which is a typo or a missing declaration.</summary>
public sealed class UnknownPermissionException : MspHubException
{
    /// <summary>Creates the exception for <paramref name="permission"/>.</summary>
    public UnknownPermissionException(string permission)
        : base($"Permission '{permission}' is not declared. Declare it with hub.AddPermissions(p => p.Resource(\"...\").Actions(...)) or fix the name.")
    {
        Permission = permission;
    }

    /// <summary>The permission as it was named.</summary>
    public string Permission { get; }
}
