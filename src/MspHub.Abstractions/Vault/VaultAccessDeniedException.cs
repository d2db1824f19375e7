namespace MspHub;

/// <summary>Thrown when someone other than an active MSP admin asks for the MSP's cross-tenant view of the vault or reveals through it.</summary>
public sealed class VaultAccessDeniedException : MspHubException
{
    /// <summary>Creates the exception with a message saying who may do what was asked.</summary>
    public VaultAccessDeniedException(string message)
        : base(message)
    {
    }
}
