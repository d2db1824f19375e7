namespace MspHub.Licensing;

/// <summary>Thrown when a feature the licence does not include is switched on for a tenant; nothing changed.</summary>
public sealed class FeatureNotLicensedException : MspHubException
{
    /// <summary>Creates the exception for <paramref name="feature"/>.</summary>
    public FeatureNotLicensedException(string feature)
        : base($"Feature '{feature}' is not in the licence, so it cannot be switched on for any tenant.")
    {
        Feature = feature;
    }

    /// <summary>The feature asked for.</summary>
    public string Feature { get; }
}
