using Microsoft.EntityFrameworkCore;

namespace MspHub.EntityFramework;

/// <summary>The insert path the EF stores share: records are immutable, so they are saved through MspHub's own context and never tracked by the host's.</summary>
internal static class StoreWrites
{
    /// <summary>
    /// Inserts <paramref name="row"/> (see <see cref="OwnContext"/>); when a unique index refuses it, throws the
    /// <see cref="ConflictException"/> that <paramref name="findConflict"/> names, or the database's error when it
    /// names none. On a lost connection nothing is asked (the question would fail too and hide the provider's error).
    /// </summary>
    public static Task InsertAsync<T>(
        DbContext context, T row, Func<CancellationToken, Task<ConflictException?>> findConflict, CancellationToken cancellationToken)
        where T : class =>
        InsertAsync(context, [row], findConflict, cancellationToken);

    /// <summary>Inserts <paramref name="rows"/> in one save, as <see cref="InsertAsync{T}"/> inserts one.</summary>
    public static async Task InsertAsync(
        DbContext context, IReadOnlyList<object> rows, Func<CancellationToken, Task<ConflictException?>> findConflict, CancellationToken cancellationToken)
    {
        // Held open, so that after a failure the connection's state tells a refused row from a lost connection.
        await context.Database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await OwnContext.SaveAsync(context, own => own.AddRange(rows), cancellationToken).ConfigureAwait(false);
        }
        catch (DbUpdateException error) when (StoreOperation.IsConnectionOpen(context.Database))
        {
            throw await findConflict(cancellationToken).ConfigureAwait(false) ?? (Exception)error;
        }
        finally
        {
            await context.Database.CloseConnectionAsync().ConfigureAwait(false);
        }
    }
}
