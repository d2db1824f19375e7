namespace MspHub;

/// <summary>
/// Thrown when a change would break an access rule: removing the last MSP admin, granting a sensitive
/// permission to a technician, putting an MSP-level permission in a tenant role, managing MSP staff from a
/// tenant. Nothing has changed when it is thrown.
/// </summary>
public sealed class AccessRuleException : MspHubException
{
    /// <summary>Creates the exception with a message naming the rule and what to do instead.</summary>
    public AccessRuleException(string message)
        : base(message + " Nothing was changed.")
    {
    }
}
