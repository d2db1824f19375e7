namespace MspHub;

/// <summary>What kind of principal calls a gated operation; L3 operations accept only <see cref="Person"/>.</summary>
public enum GateCallerKind
{
    /// <summary>A person signed in as a user; the id is the user's.</summary>
    Person,

    /// <summary>An API key; the id is the key's. Never a person, whoever holds the key.</summary>
    ApiKey,

    /// <summary>A service, a background job or any automation acting on its own; the id, if any, is the host's name for it.</summary>
    Service,

    /// <summary>A caller who did not authenticate; never allowed past an L2 or L3 gate.</summary>
    Anonymous,
}
