using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace MspHub.EntityFramework.Tests.Placements;

/// <summary>Records, for each query a tenant data context ran, its database and the row-level security settings it carried.</summary>
public sealed class SettingsRecorder : DbCommandInterceptor
{
    public ConcurrentQueue<(string Database, string CrossTenant, string TenantIds)> Commands { get; } = new();

    public override ValueTask<DbDataReader> ReaderExecutedAsync(DbCommand command, CommandExecutedEventData eventData, DbDataReader result, CancellationToken cancellationToken = default)
    {
        Commands.Enqueue((command.Connection!.Database, Value(command, "msphub_cross_tenant"), Value(command, "msphub_tenant_ids")));
        return ValueTask.FromResult(result);
    }

    private static string Value(DbCommand command, string name) =>
        command.Parameters.Contains(name) ? (string)command.Parameters[name].Value! : "(none)";
}
