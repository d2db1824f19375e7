namespace MspHub;

/// <summary>Whether an <see cref="ITenantWorkRunner"/> ran the work, and if not, why.</summary>
public enum TenantWorkOutcome
{
    /// <summary>The work ran to its end inside the tenant.</summary>
    Completed,

    /// <summary>The message named no tenant; nothing ran.</summary>
    NoTenant,

    /// <summary>No such tenant, or it is being deleted; nothing ran.</summary>
    NotFound,

    /// <summary>The tenant is suspended; nothing ran, and its data is untouched until it is reactivated.</summary>
    Suspended,
}
