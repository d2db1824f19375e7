namespace MspHub.Licensing;

/// <summary>
/// What a tenant itself says about a feature. Choices flow down the tenant tree: a tenant that does not choose
/// follows its nearest ancestor that does, so a choice made once at an MSP or a client applies to every branch
/// under it, including branches created or moved there later, until a branch chooses for itself.
/// </summary>
public enum FeatureChoice
{
    /// <summary>No choice of its own: the nearest ancestor's choice applies, or on (within the licence) when none chooses.</summary>
    Inherit,

    /// <summary>On for this tenant and the default for its subtree, whatever an ancestor chose; still only if the licence includes it.</summary>
    On,

    /// <summary>Off for this tenant and the default for its subtree, whatever an ancestor chose. Hides the feature; deletes no data.</summary>
    Off,
}
