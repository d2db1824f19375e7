namespace MspHub.Licensing;

/// <summary>Thrown when an operation needs a valid licence and the install has none; the message says why.</summary>
public sealed class LicenceRequiredException : MspHubException
{
    /// <summary>Creates the exception for <paramref name="operation"/> refused because of <paramref name="status"/>.</summary>
    public LicenceRequiredException(string operation, LicenceVerification status)
        : base($"{operation} needs a valid licence, and the install has none: {status.Detail}")
    {
        ArgumentNullException.ThrowIfNull(status);
        Problem = status.Problem;
    }

    /// <summary>Why the installed licence was refused, if one was installed at all.</summary>
    public LicenceProblem? Problem { get; }
}
