using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace MspHub.EntityFramework.Tests;

/// <summary>
/// Holds a transaction at a set point: the first command of the async flow that armed the pause whose text matches is
/// held, just before it runs, until released, with every lock its transaction took so far. A race that is narrow in
/// time then runs in the one order that shows it. Add <see cref="Interceptor"/> to the hub's contexts, and arm the
/// pause at the start of the flow to hold (a <see cref="Task.Run(Func{Task})"/> of its own, so no other flow sees it).
/// </summary>
/// <param name="at">Whether a command's text is the one to hold before.</param>
public sealed class CommandPause(Func<string, bool> at)
{
    private static readonly AsyncLocal<CommandPause?> Armed = new();

    private int _spent;

    public static IInterceptor Interceptor { get; } = new PauseInterceptor();

    /// <summary>Set once the held command is about to run.</summary>
    public TaskCompletionSource Reached { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Set to let the held command run.</summary>
    public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Holds the matching command of the calling flow (and of the flows it starts).</summary>
    public void Arm() => Armed.Value = this;

    /// <summary>Waits (at most 30 seconds) until the held command is reached.</summary>
    public Task WaitUntilReachedAsync() => Reached.Task.WaitAsync(TimeSpan.FromSeconds(30));

    // Once only: an AsyncLocal cleared here would stay set in the caller's flow.
    private static async Task HoldAsync(DbCommand command)
    {
        if (Armed.Value is { } pause && pause.Matches(command.CommandText))
        {
            pause.Reached.SetResult();
            await pause.Release.Task;
        }
    }

    private bool Matches(string commandText) => Volatile.Read(ref _spent) == 0 && at(commandText) && Interlocked.Exchange(ref _spent, 1) == 0;

    private sealed class PauseInterceptor : DbCommandInterceptor
    {
        public override async ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            await HoldAsync(command);
            return result;
        }

        public override async ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            await HoldAsync(command);
            return result;
        }

        public override async ValueTask<InterceptionResult<object>> ScalarExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
        {
            await HoldAsync(command);
            return result;
        }
    }
}
