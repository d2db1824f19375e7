namespace MspHub.Licensing;

/// <summary>
/// The install's licence as the host sees it right now. Without a valid licence the host runs unlicensed:
/// every licence-bounded capability is off (no features, no tenants beyond none), nothing crashes, and
/// <see cref="Status"/> says why.
/// </summary>
public interface ILicensing
{
    /// <summary>The current licence, or why there is none; an accepted licence turns into <see cref="LicenceProblem.Expired"/> when its time is up.</summary>
    LicenceVerification Status { get; }

    /// <summary>Whether a valid licence is installed.</summary>
    bool IsLicensed { get; }

    /// <summary>Whether the licence includes <paramref name="feature"/>; always <see langword="false"/> when unlicensed.</summary>
    bool HasFeature(string feature);

    /// <summary>The most tenants the install may hold; 0 when unlicensed.</summary>
    int MaxTenants { get; }
}
