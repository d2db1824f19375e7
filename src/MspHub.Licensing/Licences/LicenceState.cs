using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace MspHub.Licensing;

/// <summary>
/// The default <see cref="ILicensing"/>: verifies the configured document once (signature checks are the
/// slow part) and checks its time window against the clock on every read.
/// </summary>
internal sealed partial class LicenceState(IOptions<LicensingOptions> options, TimeProvider time, ILogger<LicenceState>? logger = null) : ILicensing
{
    private readonly Lazy<LicenceVerification> _verified = new(() => Load(options.Value, time, logger ?? (ILogger)NullLogger.Instance));

    public LicenceVerification Status
    {
        get
        {
            var verified = _verified.Value;
            return verified.Licence is { } licence && time.GetUtcNow() >= licence.ExpiresAt
                ? LicenceVerification.Refused(LicenceProblem.Expired, $"The licence expired at {licence.ExpiresAt:u}; install a renewed licence.")
                : verified;
        }
    }

    public bool IsLicensed => Status.IsValid;

    public int MaxTenants => Status.Licence?.MaxTenants ?? 0;

    public bool HasFeature(string feature) => Status.Licence?.Features.Contains(feature, StringComparer.OrdinalIgnoreCase) ?? false;

    private static LicenceVerification Load(LicensingOptions options, TimeProvider time, ILogger logger)
    {
        string? document;
        try
        {
            document = options.Licence ?? (options.LicencePath is { } path ? File.ReadAllText(path) : null);
        }
        catch (IOException error)
        {
            LogUnreadable(logger, options.LicencePath!, error.Message);
            document = null;
        }

        using var verifier = new LicenceVerifier(options.PublicKeyPem!);
        var verification = verifier.Verify(document, time.GetUtcNow());
        if (verification.Licence is { } licence)
        {
            LogLicensed(logger, licence.Licensee, licence.Edition, licence.ExpiresAt);
        }
        else
        {
            LogUnlicensed(logger, verification.Problem!.Value, verification.Detail!);
        }

        return verification;
    }

    [LoggerMessage(EventId = 200, Level = LogLevel.Information, Message = "Licensed to {Licensee} ({Edition}) until {ExpiresAt:u}.")]
    private static partial void LogLicensed(ILogger logger, string licensee, string edition, DateTimeOffset expiresAt);

    [LoggerMessage(EventId = 201, Level = LogLevel.Warning, Message = "Running unlicensed ({Problem}): {Detail} Licence-bounded features are off.")]
    private static partial void LogUnlicensed(ILogger logger, LicenceProblem problem, string detail);

    [LoggerMessage(EventId = 202, Level = LogLevel.Warning, Message = "The licence file {Path} could not be read: {Reason}")]
    private static partial void LogUnreadable(ILogger logger, string path, string reason);
}
