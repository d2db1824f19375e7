using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace MspHub.Licensing;

/// <summary>
/// The default <see cref="ILicensing"/>: verifies a licence once (signature checks are the slow part), a licence
/// file again only when it has been replaced (a renewal, looked for every <see cref="LicensingOptions.RetryInterval"/>),
/// and checks the time window on every read against the clock, never earlier than the latest time already observed
/// (<see cref="ObservedTime"/>), so turning the clock back does not extend a licence.
/// A licence file that cannot be read leaves the host unlicensed with the reason, and is read again after
/// <see cref="LicensingOptions.RetryInterval"/>, so the host recovers once the file is readable.
/// </summary>
internal sealed partial class LicenceState : ILicensing
{
    private readonly LicensingOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ObservedTime _observed;
    private readonly Lock _loading = new();
    private volatile Loaded? _loaded;

    public LicenceState(IOptions<LicensingOptions> options, TimeProvider time, ILogger<LicenceState>? logger = null)
    {
        _options = options.Value;
        _time = time;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _observed = new ObservedTime(_options.ObservedTimePath ?? (_options.LicencePath is { } path ? path + ".seen" : null), _logger);
    }

    public LicenceVerification Status
    {
        get
        {
            var now = _observed.Observe(_time.GetUtcNow());
            var verified = Current(now);
            return verified.Licence is { } licence && now >= licence.ExpiresAt
                ? LicenceVerification.Refused(LicenceProblem.Expired, $"The licence expired at {licence.ExpiresAt:u}; install a renewed licence.")
                : verified;
        }
    }

    public bool IsLicensed => Status.IsValid;

    public int MaxTenants => Status.Licence?.MaxTenants ?? 0;

    public bool HasFeature(string feature) => Status.Licence?.Features.Contains(feature, StringComparer.OrdinalIgnoreCase) ?? false;

    private LicenceVerification Current(DateTimeOffset now)
    {
        var loaded = _loaded;
        if (loaded is not null && !IsDue(loaded))
        {
            return loaded.Verification;
        }

        lock (_loading)
        {
            loaded = _loaded;
            if (loaded is null || IsDue(loaded))
            {
                loaded = Refresh(loaded, now);
                _loaded = loaded;
            }

            return loaded.Verification;
        }
    }

    // A file that could not be used is read again; a file that was used is looked at again, for a renewal.
    private bool IsDue(Loaded loaded) =>
        (loaded.Retry || loaded.Stamp is not null) && _time.GetElapsedTime(loaded.At) >= _options.RetryInterval;

    // A renewal is a new file in place of the old: it takes over when its licence is accepted. One that is refused
    // (or a file gone missing) leaves the licence in force as it is, so a bad install never unlicenses a running host.
    private Loaded Refresh(Loaded? current, DateTimeOffset now)
    {
        if (current is not { Retry: false, Stamp: { } stamp } || _options.LicencePath is not { } path)
        {
            return Reported(Load(now));
        }

        var seen = FileStamp.Read(path);
        if (seen is null)
        {
            // Said once, not at every look: the file may be gone for good, or only while it is being replaced.
            if (!current.FileGone)
            {
                LogFileGone(_logger, path);
            }

            return current with { At = _time.GetTimestamp(), FileGone = true };
        }

        if (seen == stamp)
        {
            return current with { At = _time.GetTimestamp(), FileGone = false };
        }

        var next = Load(now);
        if (next.Verification.IsValid || !current.Verification.IsValid)
        {
            return Reported(next);
        }

        // The host stays licensed, so only the refusal is logged, never "running unlicensed". A renewal not valid yet
        // (issued a little ahead, or starting on a date) is looked at again until it is; any other refusal is final
        // for that file.
        LogReplacementRefused(_logger, path, next.Verification.Problem!.Value, next.Verification.Detail!);
        var lookAgain = next.Verification.Problem == LicenceProblem.NotYetValid;
        return current with { At = _time.GetTimestamp(), Stamp = lookAgain ? stamp : next.Stamp ?? seen, FileGone = false };
    }

    // Logs what a load leaves the host with, once it is the licence in force.
    private Loaded Reported(Loaded loaded)
    {
        if (loaded.Verification.Licence is { } licence)
        {
            LogLicensed(_logger, licence.Licensee, licence.Edition, licence.ExpiresAt);
        }
        else
        {
            LogUnlicensed(_logger, loaded.Verification.Problem!.Value, loaded.Verification.Detail!);
        }

        return loaded;
    }

    private Loaded Load(DateTimeOffset now)
    {
        var at = _time.GetTimestamp();
        string? document;
        FileStamp? stamp = null;
        if (_options.Licence is not null || _options.LicencePath is not { } path)
        {
            document = _options.Licence;
        }
        else
        {
            try
            {
                stamp = FileStamp.Read(path);
                document = File.ReadAllText(path);
            }
            catch (Exception error) when (error is FileNotFoundException or DirectoryNotFoundException)
            {
                var missing = LicenceVerification.Refused(LicenceProblem.Missing, $"No licence file is at {path}; it is looked for again every {_options.RetryInterval}.");
                return new Loaded(missing, at, Retry: true);
            }
            catch (Exception error) when (error is IOException or UnauthorizedAccessException)
            {
                LogUnreadable(_logger, path, error.Message, _options.RetryInterval);
                var unreadable = LicenceVerification.Refused(
                    LicenceProblem.Unreadable, $"The licence file {path} could not be read ({error.Message}); it is read again every {_options.RetryInterval}.");
                return new Loaded(unreadable, at, Retry: true);
            }
        }

        using var verifier = new LicenceVerifier(_options.PublicKeyPem!);
        var verification = verifier.Verify(document, now);

        // A licence that is not valid yet may become valid as time passes: look at it again later.
        return new Loaded(verification, at, Retry: verification.Problem == LicenceProblem.NotYetValid, stamp);
    }

    [LoggerMessage(EventId = 200, Level = LogLevel.Information, Message = "Licensed to {Licensee} ({Edition}) until {ExpiresAt:u}.")]
    private static partial void LogLicensed(ILogger logger, string licensee, string edition, DateTimeOffset expiresAt);

    [LoggerMessage(EventId = 201, Level = LogLevel.Warning, Message = "Running unlicensed ({Problem}): {Detail} Licence-bounded features are off.")]
    private static partial void LogUnlicensed(ILogger logger, LicenceProblem problem, string detail);

    [LoggerMessage(EventId = 202, Level = LogLevel.Warning, Message = "The licence file {Path} could not be read: {Reason}. Trying again in {RetryInterval}.")]
    private static partial void LogUnreadable(ILogger logger, string path, string reason, TimeSpan retryInterval);

    [LoggerMessage(EventId = 203, Level = LogLevel.Warning, Message = "The licence file {Path} changed, but its licence is refused ({Problem}): {Detail} The licence in force stays.")]
    private static partial void LogReplacementRefused(ILogger logger, string path, LicenceProblem problem, string detail);

    [LoggerMessage(EventId = 205, Level = LogLevel.Warning, Message = "The licence file {Path} is gone; it is looked for again for a renewal. The licence in force stays.")]
    private static partial void LogFileGone(ILogger logger, string path);

    // At: when the licence was last read or its file last looked at. Stamp: the file as it was read, null for a licence
    // given inline. FileGone: the file was missing at the last look (and that was logged).
    private sealed record Loaded(LicenceVerification Verification, long At, bool Retry, FileStamp? Stamp = null, bool FileGone = false);

    private readonly record struct FileStamp(DateTime LastWriteUtc, long Length)
    {
        public static FileStamp? Read(string path)
        {
            try
            {
                var file = new FileInfo(path);
                return file.Exists ? new FileStamp(file.LastWriteTimeUtc, file.Length) : null;
            }
            catch (Exception error) when (error is IOException or UnauthorizedAccessException)
            {
                return null;
            }
        }
    }
}
