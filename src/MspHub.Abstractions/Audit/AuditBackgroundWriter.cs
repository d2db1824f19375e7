using System.Threading.Channels;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace MspHub;

/// <summary>
/// Writes the records synchronous code stamps (a cross-tenant scope opening) in the background, one at a time, each
/// in its own DI scope and transaction. Such a record describes access rather than a change, so it is kept whether
/// the work in the scope commits or not; and writing it on the caller's flow could wait for a lock that flow holds
/// (SQLite's one writer). Disposing the container, synchronously or not, waits for what is queued.
/// </summary>
internal sealed partial class AuditBackgroundWriter(IServiceScopeFactory scopes, ILogger<AuditBackgroundWriter>? logger = null) : IAsyncDisposable, IDisposable
{
    private readonly ILogger _logger = logger ?? NullLogger<AuditBackgroundWriter>.Instance;
    private readonly Channel<AuditRecord> _queue = Channel.CreateUnbounded<AuditRecord>(new UnboundedChannelOptions { SingleReader = true });
    private readonly object _gate = new();
    private Task _writing = Task.CompletedTask;
    private int _pending;

    public void Enqueue(AuditRecord draft)
    {
        lock (_gate)
        {
            _pending++;
            _queue.Writer.TryWrite(draft);
            if (_writing.IsCompleted)
            {
                _writing = Task.Run(DrainAsync);
            }
        }
    }

    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            Task writing;
            lock (_gate)
            {
                if (_pending == 0)
                {
                    return;
                }

                writing = _writing;
            }

            await writing.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync() => await FlushAsync(CancellationToken.None).ConfigureAwait(false);

    // A host that disposes its container synchronously still loses nothing queued; the writes run on the thread pool.
    public void Dispose() => FlushAsync(CancellationToken.None).GetAwaiter().GetResult();

    private async Task DrainAsync()
    {
        while (true)
        {
            AuditRecord? draft;
            lock (_gate)
            {
                if (!_queue.Reader.TryRead(out draft))
                {
                    return;
                }
            }

            try
            {
                var scope = scopes.CreateAsyncScope();
                await using (scope.ConfigureAwait(false))
                {
                    await scope.ServiceProvider.GetRequiredService<AuditLog>().AppendAsync(draft, CancellationToken.None).ConfigureAwait(false);
                }
            }
            catch (Exception error)
            {
                LogWriteFailed(_logger, error, draft.Action, draft.TenantId);
            }
            finally
            {
                lock (_gate)
                {
                    _pending--;
                }
            }
        }
    }

    [LoggerMessage(EventId = 30, Level = LogLevel.Error, Message = "Audit record {Action} (tenant {TenantId}) could not be written.")]
    private static partial void LogWriteFailed(ILogger logger, Exception error, string action, Guid? tenantId);
}
