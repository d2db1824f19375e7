using MspHub.Licensing;
using MspHub.SampleHub.Hosting;

namespace MspHub.SampleHub.Operations;

/// <summary>
/// Installs a new or renewed licence: checks it with the vendor's public key exactly as MspHub will, and only then
/// writes it over the licence file, so a refused licence never replaces the one in force. MspHub looks at the file
/// every <see cref="SampleHubSettings.LicenceRetryInterval"/> and takes a renewal over; until then
/// <see cref="WaitingAsync"/> shows it as waiting, and from then <see cref="UnactivatedAsync"/> until an administrator
/// activates it, which records the renewal.
/// </summary>
public sealed partial class LicenceInstallation(
    SampleHubSettings settings, ILicensing licensing, ILicenceActivation activation, ITenantStore tenants, TimeProvider time, ILogger<LicenceInstallation> logger)
{
    /// <summary>A licence file is a line of a few hundred characters; anything far larger is not one.</summary>
    public const int MaxFileBytes = 16 * 1024;

    public bool CanInstall => settings.LicenceFile is not null;

    /// <summary>Checks <paramref name="document"/> and installs it; returns it, or throws <see cref="ArgumentException"/> saying why it was refused.</summary>
    public async Task<Licence> InstallAsync(string? document, CancellationToken cancellationToken)
    {
        if (settings.LicenceFile is not { } file)
        {
            throw new ArgumentException("This hub's licence is set in its configuration, so a new licence is installed there rather than here.");
        }

        var licence = Verify(document);
        if (licence.LicenceId == licensing.Status.Licence?.LicenceId)
        {
            throw new ArgumentException($"Licence {licence.LicenceId} is the one already in use; nothing was changed.");
        }

        var inUse = (await tenants.CountAsync(cancellationToken)).Used;
        if (licence.MaxTenants < inUse)
        {
            throw new ArgumentException($"This licence allows {licence.MaxTenants} tenants, but {inUse} are in use; delete tenants first or ask your vendor for a licence that allows more. The licence in use is kept.");
        }

        // Written beside the licence file and moved over it, so a crash never leaves half a licence to start with.
        var written = file + ".new";
        await File.WriteAllTextAsync(written, document!.Trim() + Environment.NewLine, cancellationToken);
        File.Move(written, file, overwrite: true);
        LogInstalled(logger, licence.LicenceId, licence.Licensee, licence.ExpiresAt);
        return licence;
    }

    /// <summary>The installed licence that the hub has not taken over yet, or null when there is none.</summary>
    public async Task<Licence?> WaitingAsync(CancellationToken cancellationToken)
    {
        if (settings.LicenceFile is not { } file || !File.Exists(file))
        {
            return null;
        }

        using var verifier = new LicenceVerifier(settings.LicencePublicKeyPem);
        var installed = verifier.Verify(await File.ReadAllTextAsync(file, cancellationToken), time.GetUtcNow()).Licence;
        return installed is not null && installed.LicenceId != licensing.Status.Licence?.LicenceId ? installed : null;
    }

    /// <summary>The id of the licence in force when the hub was activated with another one, or null.</summary>
    public async Task<string?> UnactivatedAsync(CancellationToken cancellationToken) =>
        licensing.Status.Licence is { } current && await activation.GetActivationAsync(cancellationToken) is { } activated && activated.LicenceId != current.LicenceId
            ? current.LicenceId
            : null;

    private Licence Verify(string? document)
    {
        using var verifier = new LicenceVerifier(settings.LicencePublicKeyPem);
        var verification = verifier.Verify(document, time.GetUtcNow());
        return verification.Licence is { } licence && verification.IsValid ? licence : throw new ArgumentException(Refusal(verification));
    }

    // The verifier's details are for logs (they quote the format's prefix and UTC stamps); these say what to do.
    private static string Refusal(LicenceVerification verification) => verification.Problem switch
    {
        LicenceProblem.Missing => "Paste a licence or choose a licence file first.",
        LicenceProblem.BadSignature =>
            "This licence was not issued for this hub: it was changed after it was signed, or it belongs to another product. The licence in use is kept; ask your vendor for a new copy.",
        LicenceProblem.Expired =>
            "This licence has expired. The licence in use is kept; ask your vendor for a renewal.",
        LicenceProblem.NotYetValid =>
            "This licence is dated in the future; check the server's clock. The licence in use is kept.",
        LicenceProblem.Invalid => "This licence holds impossible limits or dates. The licence in use is kept; ask your vendor for a corrected one.",
        _ => "This is not a licence, or part of it is missing: paste the whole file as your vendor sent it. The licence in use is kept.",
    };

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Licence {LicenceId} for {Licensee}, valid until {ExpiresAt:u}, installed; the hub takes it over at its next look at the licence file.")]
    private static partial void LogInstalled(ILogger logger, string licenceId, string licensee, DateTimeOffset expiresAt);
}
