namespace MspHub.Licensing;

/// <summary>Where the host finds its licence and the vendor key that signs it.</summary>
public sealed class LicensingOptions
{
    /// <summary>The vendor's ECDSA P-256 public key, PEM (<c>-----BEGIN PUBLIC KEY-----</c>). Ships with the host; required.</summary>
    public string? PublicKeyPem { get; set; }

    /// <summary>The licence document itself. Takes precedence over <see cref="LicencePath"/>.</summary>
    public string? Licence { get; set; }

    /// <summary>
    /// A file holding the licence document, read when the licence is first needed. When it is missing or cannot
    /// be read, the host runs unlicensed with the reason and reads it again every <see cref="RetryInterval"/>.
    /// A renewal is installed by replacing the file: every host reading it looks at it every <see cref="RetryInterval"/>
    /// and takes the new licence over once it is accepted; a refused one leaves the licence in force as it is.
    /// </summary>
    public string? LicencePath { get; set; }

    /// <summary>
    /// How often the licence file is looked at again: one that was missing or unreadable is read again, and one in use
    /// is checked for a replacement (a renewal). Default 30 seconds.
    /// </summary>
    public TimeSpan RetryInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long before the licence expires the licence health check starts alerting the MSP's administrators
    /// (<see cref="GateNotificationKind.LicenceExpiring"/>, once a day); 30 days, time enough to get a renewal.
    /// </summary>
    public TimeSpan ExpiryWarning { get; set; } = TimeSpan.FromDays(30);

    /// <summary>
    /// A file keeping the latest time the host has observed, so turning the clock back (even across restarts)
    /// does not extend a licence. Defaults to <see cref="LicencePath"/> with <c>.seen</c> appended; without
    /// either, the mark is kept in memory only. The host needs write access to its folder.
    /// </summary>
    public string? ObservedTimePath { get; set; }
}
