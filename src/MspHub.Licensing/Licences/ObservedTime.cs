using System.Globalization;
using Microsoft.Extensions.Logging;

namespace MspHub.Licensing;

/// <summary>
/// The latest wall-clock time the host has seen, a high-water mark that licence checks use instead of an
/// earlier clock reading: turning the clock back never makes an expired licence valid again. With a path the
/// mark survives restarts; it is written when it has moved on by <see cref="PersistEvery"/>, so a restart
/// forgets at most that much. A file that cannot be read or written is logged and the mark stays in memory.
/// </summary>
internal sealed partial class ObservedTime
{
    /// <summary>How far the mark moves before it is written again.</summary>
    internal static readonly TimeSpan PersistEvery = TimeSpan.FromMinutes(1);

    private readonly string? _path;
    private readonly ILogger _logger;
    private readonly Lock _writing = new();
    private long _highTicks;
    private long _persistedTicks;

    public ObservedTime(string? path, ILogger logger)
    {
        _path = path;
        _logger = logger;
        _highTicks = _persistedTicks = Read();
    }

    /// <summary>Records <paramref name="now"/> and returns the later of it and every time observed before.</summary>
    public DateTimeOffset Observe(DateTimeOffset now)
    {
        var ticks = now.UtcTicks;
        var high = Volatile.Read(ref _highTicks);
        while (ticks > high)
        {
            var seen = Interlocked.CompareExchange(ref _highTicks, ticks, high);
            if (seen == high)
            {
                if (_path is not null && ticks - Volatile.Read(ref _persistedTicks) >= PersistEvery.Ticks)
                {
                    Persist();
                }

                return now;
            }

            high = seen;
        }

        return ticks == high ? now : new DateTimeOffset(high, TimeSpan.Zero);
    }

    private long Read()
    {
        if (_path is null || !File.Exists(_path))
        {
            return 0;
        }

        try
        {
            var text = File.ReadAllText(_path).Trim();
            if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var mark))
            {
                return mark.UtcTicks;
            }

            LogUnusable(_logger, _path, "it does not hold a time");
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            LogUnusable(_logger, _path, error.Message);
        }

        return 0;
    }

    // Written to a temporary file and moved over the old one, so a crash never leaves half a time behind.
    private void Persist()
    {
        lock (_writing)
        {
            var ticks = Volatile.Read(ref _highTicks);
            if (ticks - Volatile.Read(ref _persistedTicks) < PersistEvery.Ticks)
            {
                return;
            }

            var temporary = _path + ".tmp";
            try
            {
                File.WriteAllText(temporary, new DateTimeOffset(ticks, TimeSpan.Zero).ToString("O", CultureInfo.InvariantCulture));
                File.Move(temporary, _path!, overwrite: true);
                Volatile.Write(ref _persistedTicks, ticks);
            }
            catch (Exception error) when (error is IOException or UnauthorizedAccessException)
            {
                // Keep the in-memory mark; the next observation a minute on tries again.
                Volatile.Write(ref _persistedTicks, ticks);
                LogUnusable(_logger, _path!, error.Message);
            }
        }
    }

    [LoggerMessage(EventId = 204, Level = LogLevel.Warning, Message = "The licence's observed-time file {Path} cannot be used ({Reason}); the high-water mark of the clock is kept in memory only.")]
    private static partial void LogUnusable(ILogger logger, string path, string reason);
}
