using Microsoft.EntityFrameworkCore;

namespace MspHub.EntityFramework;

/// <summary>The insert path the EF stores share: records are immutable, so the context never keeps them tracked.</summary>
internal static class StoreWrites
{
    /// <summary>
    /// Inserts <paramref name="row"/>; when a unique index refuses it, throws the <see cref="ConflictException"/>
    /// that <paramref name="findConflict"/> names, or the database's error when it names none.
    /// </summary>
    public static async Task InsertAsync<T>(
        DbContext context, T row, Func<CancellationToken, Task<ConflictException?>> findConflict, CancellationToken cancellationToken)
        where T : class
    {
        var entry = context.Add(row);
        try
        {
            await context.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (DbUpdateException error)
        {
            throw await findConflict(cancellationToken).ConfigureAwait(false) ?? (Exception)error;
        }
        finally
        {
            entry.State = EntityState.Detached;
        }
    }
}
