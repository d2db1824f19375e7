namespace MspHub;

/// <summary>Thrown when branding or a logo breaks a rule (a colour, a title, a logo's type or size); nothing was changed.</summary>
public sealed class InvalidBrandingException : MspHubException
{
    /// <summary>Creates the exception with a message naming the rule.</summary>
    public InvalidBrandingException(string message)
        : base(message)
    {
    }
}
