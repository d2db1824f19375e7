namespace MspHub;

/// <summary>A recorded activation: which licence, when, who became MSP admin, and the notice to show.</summary>
/// <param name="LicenceId">The licence activated.</param>
/// <param name="Licensee">Who the licence is for.</param>
/// <param name="AdministratorId">The user who became MSP admin.</param>
/// <param name="AdminTenancyId">The admin tenancy untenanted rows were assigned to.</param>
/// <param name="ActivatedAt">When the licence was activated, in UTC to the whole millisecond.</param>
/// <param name="Notice">The notice the host shows administrators.</param>
public sealed record ActivationRecord(string LicenceId, string Licensee, Guid AdministratorId, Guid AdminTenancyId, DateTimeOffset ActivatedAt, string Notice)
{
    /// <summary>When the licence was activated, in UTC to the whole millisecond, so a stored record equals the one written.</summary>
    public DateTimeOffset ActivatedAt { get; init; } = Guard.UtcMilliseconds(ActivatedAt);
}
