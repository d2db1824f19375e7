using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace MspHub.EntityFramework;

/// <summary>
/// Where MspHub tracks and saves rows: never in the host's context, whose change tracker holds the host's own
/// work, but in a private instance of the same context type on the same connection, inside the host context's
/// current transaction when it has one. What MspHub saves commits or rolls back with the caller's work, and
/// nothing the host tracks is saved, stamped, detached or cleared by MspHub.
/// </summary>
internal static class OwnContext
{
    /// <summary>
    /// A new instance of <paramref name="host"/>'s type, on its connection and in its current transaction;
    /// the caller disposes it. Create it after beginning any transaction it should join.
    /// </summary>
    public static TContext For<TContext>(TContext host)
        where TContext : DbContext
    {
        var hostOptions = host.GetService<IDbContextOptions>();
        var services = hostOptions.FindExtension<MspHubDbContextOptionsExtension>()?.Services
            ?? throw new InvalidOperationException($"{host.GetType().Name} is used by MspHub, but MspHub is not configured on its options. Add .UseMspHub(serviceProvider) to them.");
        var type = host.GetType();

        // The options the host registered for the type, so its OnConfiguring is not applied twice; the instance's own for a type not registered.
        var options = services.GetService(typeof(DbContextOptions<>).MakeGenericType(type)) ?? hostOptions;
        TContext own;
        try
        {
            own = (TContext)ActivatorUtilities.CreateInstance(services, type, options);
        }
        catch (InvalidOperationException error)
        {
            throw new InvalidOperationException(
                $"MspHub saves its rows through an instance of {type.Name} of its own, so it never touches the host's tracked entities, but could not create one: {error.Message}",
                error);
        }

        // MspHub reads shadow values and owned data through the own context's change tracker, whatever the host's default.
        own.ChangeTracker.QueryTrackingBehavior = QueryTrackingBehavior.TrackAll;
        own.Database.SetDbConnection(host.Database.GetDbConnection(), contextOwnsConnection: false);
        if (host.Database.CurrentTransaction is { } transaction)
        {
            own.Database.UseTransaction(transaction.GetDbTransaction());
        }

        return own;
    }

    /// <summary>
    /// Points <paramref name="own"/>, made by <see cref="For"/> earlier in the same scope, at <paramref name="host"/>'s
    /// connection and current transaction again, so one own instance serves every operation of a scope: making a
    /// context costs tens of kilobytes, more than a small operation itself.
    /// </summary>
    public static void Follow<TContext>(TContext own, TContext host)
        where TContext : DbContext
    {
        var connection = host.Database.GetDbConnection();
        if (!ReferenceEquals(own.Database.GetDbConnection(), connection))
        {
            own.Database.SetDbConnection(connection, contextOwnsConnection: false);
        }

        var transaction = host.Database.CurrentTransaction?.GetDbTransaction();
        if (!ReferenceEquals(own.Database.CurrentTransaction?.GetDbTransaction(), transaction))
        {
            own.Database.UseTransaction(null);
            if (transaction is not null)
            {
                own.Database.UseTransaction(transaction);
            }
        }
    }

    /// <summary>Saves what <paramref name="stage"/> adds or changes through an own instance of <paramref name="host"/>'s type (see <see cref="For"/>).</summary>
    public static async Task SaveAsync<TContext>(TContext host, Action<TContext> stage, CancellationToken cancellationToken)
        where TContext : DbContext
    {
        var own = For(host);
        await using (own.ConfigureAwait(false))
        {
            stage(own);
            await own.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Refuses to begin <paramref name="operation"/> while <paramref name="host"/> holds unsaved changes to rows
    /// of a type the operation changes (<paramref name="touches"/>): it works on committed rows in its own context,
    /// so it would leave those changes out, and saving them afterwards would write over rows it moved or into a
    /// tenant it deleted.
    /// </summary>
    public static void RefusePendingChanges(DbContext host, string operation, Func<IEntityType, bool> touches)
    {
        var pending = host.ChangeTracker.Entries()
            .Where(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted && touches(e.Metadata))
            .Select(e => e.Metadata.DisplayName())
            .Distinct(StringComparer.Ordinal)
            .ToList();
        if (pending.Count > 0)
        {
            throw new TenantOperationException(
                $"{operation} cannot start while the context has unsaved changes to {string.Join(", ", pending)}: it would leave them out, "
                + "and saving them afterwards would overwrite what it changed. Save or discard them first.");
        }
    }
}
