namespace MspHub;

/// <summary>
/// Milliseconds from a monotonic clock, for expiry checks on hot paths. With the system clock it reads
/// <see cref="Environment.TickCount64"/>, several times cheaper than <see cref="TimeProvider.GetTimestamp"/>
/// and precise enough for time-to-live in seconds; any other <see cref="TimeProvider"/> (a test's) is honoured.
/// </summary>
internal sealed class MonotonicClock(TimeProvider time)
{
    private readonly bool _system = ReferenceEquals(time, TimeProvider.System);

    public long NowMilliseconds => _system ? Environment.TickCount64 : (long)time.GetElapsedTime(0).TotalMilliseconds;
}
