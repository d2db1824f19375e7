using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using MspHub.EntityFramework.Tests.Model;
using Npgsql;

namespace MspHub.EntityFramework.Tests.Lifecycle;

/// <summary>
/// When the database connection dies in the middle of a tenant operation (its backend terminated by an
/// administrator), the caller gets an error that names the operation and carries the provider's exception,
/// and nothing was changed.
/// </summary>
public sealed class PostgresLostConnectionShould : IAsyncLifetime
{
    private readonly BackendKiller _killer = new();
    private TestHub _hub = null!;

    public async Task InitializeAsync()
    {
        if (PostgresFactAttribute.ConnectionString is not null)
        {
            _hub = await TestHub.CreateAsync(
                DatabaseProvider.Postgres,
                configure: hub => hub.AddDefaultTenantRole("Agent", "automs.view"),
                database: o => o.AddInterceptors(_killer));
            _killer.AdminConnectionString = _hub.OwnerConnectionString;
        }
    }

    public async Task DisposeAsync()
    {
        if (_hub is not null)
        {
            await _hub.DisposeAsync();
        }
    }

    [PostgresFact]
    public async Task Say_which_operation_lost_its_connection_and_that_nothing_was_created()
    {
        _killer.KillOn = "tenant_roles";

        var error = await Assert.ThrowsAsync<StoreConnectionLostException>(async () =>
        {
            using var scope = _hub.Services.CreateScope();
            await scope.ServiceProvider.GetRequiredService<ITenantLifecycle>().CreateAsync("acme", "Acme");
        });

        _killer.KillOn = null;
        Assert.Contains("creating tenant 'acme'", error.Message, StringComparison.Ordinal);
        Assert.Contains("nothing was changed", error.Message, StringComparison.Ordinal);
        Assert.False(error.DuringCommit);
        Assert.Contains(ExceptionChain.Of(error), e => e is NpgsqlException);
        Assert.Equal(0L, await CountAsync("SELECT COUNT(*) FROM msphub.tenants WHERE slug = 'acme'"));
        Assert.Equal(0L, await CountAsync("SELECT COUNT(*) FROM msphub.tenant_roles WHERE name = 'Agent'"));
    }

    [PostgresFact]
    public async Task Name_the_operation_when_the_connection_dies_while_deleting_a_tenant()
    {
        using (var scope = _hub.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<ITenantLifecycle>().CreateAsync("doomed", "Doomed");
        }

        await _hub.AddAutomAsync((await _hub.Store.FindBySlugAsync("doomed"))!, "backup", "snapshot");
        _killer.KillOn = "autom_steps";

        var error = await Assert.ThrowsAsync<StoreConnectionLostException>(async () =>
        {
            using var scope = _hub.Services.CreateScope();
            await scope.ServiceProvider.GetRequiredService<ITenantLifecycle>().DeleteAsync((await _hub.Store.FindBySlugAsync("doomed"))!.Id, "doomed");
        });

        _killer.KillOn = null;
        Assert.Contains("deleting tenant 'doomed'", error.Message, StringComparison.Ordinal);
        Assert.Contains(ExceptionChain.Of(error), e => e is NpgsqlException);
        Assert.Equal(1L, await CountAsync("SELECT COUNT(*) FROM automs"));
        Assert.Equal(1L, await CountAsync("SELECT COUNT(*) FROM msphub.tenants WHERE slug = 'doomed'"));
    }

    [PostgresFact]
    public async Task Name_the_operation_when_the_connection_dies_while_moving_rows_between_tenants()
    {
        await _hub.AddAutomAsync(_hub.A, "backup", "snapshot");
        _killer.KillOn = "autom_steps";

        var error = await Assert.ThrowsAsync<StoreConnectionLostException>(async () =>
        {
            using var scope = _hub.Services.CreateScope();
            await scope.ServiceProvider.GetRequiredService<ITenantDataTransfer>().MoveAsync<Autom>(_hub.A.Id, _hub.B.Id, a => a.Name == "backup");
        });

        _killer.KillOn = null;
        Assert.Contains($"moving Autom rows from '{_hub.A.Slug}' to '{_hub.B.Slug}'", error.Message, StringComparison.Ordinal);
        Assert.Contains("nothing was changed", error.Message, StringComparison.Ordinal);
        Assert.Contains(ExceptionChain.Of(error), e => e is NpgsqlException);
        Assert.Equal(1L, await CountAsync($"SELECT COUNT(*) FROM automs WHERE \"TenantId\" = '{_hub.A.Id}'"));
        Assert.Equal(1L, await CountAsync($"SELECT COUNT(*) FROM autom_steps WHERE \"TenantId\" = '{_hub.A.Id}'"));
    }

    // The membership is written first, then the user's access version: losing the connection in between keeps neither.
    [PostgresFact]
    public async Task Name_the_operation_when_the_connection_dies_while_saving_a_membership()
    {
        var ann = HubUser.Create("ann");
        using (var scope = _hub.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<IAccessStore>().AddUserAsync(ann);
            await scope.ServiceProvider.GetRequiredService<IAccessStore>().SaveRoleAsync(new TenantRole { TenantId = _hub.A.Id, Name = "Agent", Permissions = ["automs.view"] });
        }

        _killer.KillOn = "access_version";

        var error = await Assert.ThrowsAsync<StoreConnectionLostException>(async () =>
        {
            using var scope = _hub.Services.CreateScope();
            await scope.ServiceProvider.GetRequiredService<IAccessStore>().SaveMembershipAsync(new Membership { UserId = ann.Id, TenantId = _hub.A.Id, Roles = ["Agent"] });
        });

        _killer.KillOn = null;
        Assert.Contains("saving a membership", error.Message, StringComparison.Ordinal);
        Assert.Contains(ExceptionChain.Of(error), e => e is NpgsqlException);
        Assert.Equal(0L, await CountAsync($"SELECT COUNT(*) FROM msphub.memberships WHERE user_id = '{ann.Id}'"));
        Assert.Equal(ann.AccessVersion, await CountAsync($"SELECT access_version FROM msphub.users WHERE id = '{ann.Id}'"));
    }

    private async Task<long> CountAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_hub.OwnerConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>Terminates the command's own backend from an admin connection before a statement on the table named by <see cref="KillOn"/> runs.</summary>
    private sealed class BackendKiller : DbCommandInterceptor
    {
        public string? KillOn { get; set; }

        public string AdminConnectionString { get; set; } = "";

        public override async ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            await KillAsync(command);
            return result;
        }

        public override async ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            await KillAsync(command);
            return result;
        }

        private async Task KillAsync(DbCommand command)
        {
            if (KillOn is not { } table || !command.CommandText.Contains(table, StringComparison.OrdinalIgnoreCase)
                || command.Connection is not NpgsqlConnection { ProcessID: var pid })
            {
                return;
            }

            await using var admin = new NpgsqlConnection(AdminConnectionString);
            await admin.OpenAsync();
            await using var kill = new NpgsqlCommand("SELECT pg_terminate_backend(@pid)", admin);
            kill.Parameters.AddWithValue("pid", pid);
            await kill.ExecuteScalarAsync();
            await using var gone = new NpgsqlCommand("SELECT COUNT(*) FROM pg_stat_activity WHERE pid = @pid", admin);
            gone.Parameters.AddWithValue("pid", pid);
            while ((long)(await gone.ExecuteScalarAsync())! > 0)
            {
                await Task.Delay(10);
            }
        }
    }
}
