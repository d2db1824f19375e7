namespace MspHub;

/// <summary>
/// Thrown when a secret cannot be decrypted: its bytes or its tenant's data key fail authentication (altered, or
/// copied from another tenant or another secret), or the tenant's data key was destroyed. Nothing is revealed, and the
/// message names only ids.
/// </summary>
public sealed class VaultIntegrityException : MspHubException
{
    /// <summary>Creates the exception with a message naming what failed, never a value.</summary>
    public VaultIntegrityException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the cryptographic failure behind it.</summary>
    public VaultIntegrityException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
