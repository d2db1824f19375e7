using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace MspHub.EntityFramework.Tests.Placements;

/// <summary>
/// Counts the tenant data connections open at once while armed, and holds each new one open until <paramref name="together"/>
/// are open or <paramref name="expected"/> have been opened in all: a reader that may open that many at once then always
/// does, so the most seen open at once is the reader's bound, never a matter of timing. The wait ends with the token the
/// opening context was given.
/// </summary>
public sealed class OpenGate(int together, int expected) : DbConnectionInterceptor
{
    private readonly Lock _lock = new();
    private readonly List<TaskCompletionSource> _waiting = [];
    private int _open;

    public bool Armed { get; set; }

    /// <summary>Called with the number open, outside the lock, after each open is counted.</summary>
    public Action<int>? Opened { get; set; }

    public int Started { get; private set; }

    public int MostOpen { get; private set; }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (!Armed)
        {
            return;
        }

        TaskCompletionSource? wait = null;
        int open;
        lock (_lock)
        {
            Started++;
            open = ++_open;
            MostOpen = Math.Max(MostOpen, open);
            if (open >= together || Started == expected)
            {
                _waiting.ForEach(w => w.TrySetResult());
                _waiting.Clear();
            }
            else
            {
                wait = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                _waiting.Add(wait);
            }
        }

        Opened?.Invoke(open);
        if (wait is not null)
        {
            await wait.Task.WaitAsync(cancellationToken);
        }
    }

    public override Task ConnectionClosedAsync(DbConnection connection, ConnectionEndEventData eventData)
    {
        if (Armed)
        {
            lock (_lock)
            {
                _open--;
            }
        }

        return Task.CompletedTask;
    }
}
