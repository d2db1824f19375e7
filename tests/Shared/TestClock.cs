namespace MspHub.Tests;

/// <summary>Where every test clock starts, so dates read the same in every suite; tests move it with <see cref="FakeTimeProvider.Advance"/>.</summary>
public static class TestClock
{
    public static DateTimeOffset Start { get; } = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static FakeTimeProvider Create() => new(Start);
}
