using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace MspHub.AspNetCore.Tests.Docs.GettingStarted;

/// <summary>Keeps what the documented worker logs, and says when it has logged as many entries as the test waits for.</summary>
public sealed class WorkerLog(string category, int expected) : ILoggerProvider
{
    private readonly TaskCompletionSource _complete = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly int _expected = expected;

    public ConcurrentQueue<string> Entries { get; } = new();

    /// <summary>Completes once <c>expected</c> entries of the category have been logged.</summary>
    public Task Complete => _complete.Task;

    public ILogger CreateLogger(string categoryName) => categoryName == category ? new Logger(this) : Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;

    /// <summary>A test still waiting when the host goes away stops waiting.</summary>
    public void Dispose() => _complete.TrySetCanceled();

    private sealed class Logger(WorkerLog log) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }

            log.Entries.Enqueue(formatter(state, exception));
            if (log.Entries.Count >= log._expected)
            {
                log._complete.TrySetResult();
            }
        }
    }
}
