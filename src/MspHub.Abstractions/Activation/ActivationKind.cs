namespace MspHub;

/// <summary>What an activation call did.</summary>
public enum ActivationKind
{
    /// <summary>The install became an MSP hub for the first time.</summary>
    Activated = 0,

    /// <summary>A different licence was installed on an activated hub; nothing was created twice.</summary>
    Renewed = 1,

    /// <summary>This licence was already activated; nothing changed.</summary>
    AlreadyActive = 2,
}
