namespace MspHub;

/// <summary>What an activation needs: the licence, the administrator who becomes MSP admin, and the notice to record.</summary>
public sealed record ActivationRequest
{
    /// <summary>The id of the licence being activated; activating it again is a no-op.</summary>
    public required string LicenceId { get; init; }

    /// <summary>Who the licence is for.</summary>
    public required string Licensee { get; init; }

    /// <summary>The install's existing administrator (active), created if MspHub does not know the user yet and this is the first activation.</summary>
    public required Guid AdministratorId { get; init; }

    /// <summary>The administrator's user name, used only when the user is created.</summary>
    public required string AdministratorName { get; init; }

    /// <summary>When the activation happens.</summary>
    public required DateTimeOffset At { get; init; }

    /// <summary>The notice the host shows administrators after activation.</summary>
    public required string Notice { get; init; }

    /// <summary>The slug of the admin tenancy created when there is none.</summary>
    public string DefaultTenantSlug { get; init; } = "default";

    /// <summary>The name of the admin tenancy created when there is none.</summary>
    public string DefaultTenantName { get; init; } = "Default Tenant";
}
