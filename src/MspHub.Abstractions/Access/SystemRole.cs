namespace MspHub;

/// <summary>A user's role across the whole install, as opposed to the tenant roles they hold in each tenant.</summary>
public enum SystemRole
{
    /// <summary>No system role: the user acts only through tenant roles where they are a member.</summary>
    None = 0,

    /// <summary>The MSP's highest authority: every permission in every tenant. Protected: the last one cannot be removed.</summary>
    MspAdmin = 1,

    /// <summary>MSP staff who act only in the tenants assigned to them, with the actions granted there, and never with sensitive permissions.</summary>
    Technician = 2,
}
