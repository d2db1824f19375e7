using Microsoft.EntityFrameworkCore;
using MspHub.EntityFramework.Tests.Model;
using MspHub.EntityFramework;
using Npgsql;

namespace MspHub.EntityFramework.Tests.RowLevelSecurity;

/// <summary>
/// The second wall: raw SQL bypasses EF Core's query filter, so only the database's own policies stand
/// between it and other tenants' rows. Runs as a role that does not own the tables and has NOBYPASSRLS.
/// </summary>
public sealed class PostgresRowLevelSecurityShould : IAsyncLifetime
{
    private TestHub _hub = null!;

    public async Task InitializeAsync()
    {
        if (PostgresFactAttribute.ConnectionString is not null)
        {
            _hub = await TestHub.CreateAsync(DatabaseProvider.Postgres);
            await _hub.AddAutomAsync(_hub.A, "a-1");
            await _hub.AddAutomAsync(_hub.A, "a-2");
            await _hub.AddAutomAsync(_hub.B, "b-1");
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
    public async Task Show_raw_SQL_only_the_current_tenants_rows()
    {
        using (_hub.In(_hub.A))
        {
            await using var db = _hub.NewDb();
            var viaSqlQuery = await db.Database.SqlQuery<string>($"""SELECT "Name" AS "Value" FROM automs ORDER BY "Name" """).ToListAsync();
            var viaFromSql = await db.Automs.FromSql($"SELECT * FROM automs").IgnoreQueryFilters([HubTestDb.SoftDelete]).Select(a => a.Name).ToListAsync();
            var tenantIds = await db.Database.SqlQuery<Guid>($"""SELECT DISTINCT "TenantId" AS "Value" FROM automs""").ToListAsync();

            Assert.Equal(["a-1", "a-2"], viaSqlQuery);
            Assert.Equal(["a-1", "a-2"], viaFromSql.Order());
            Assert.Equal([_hub.A.Id], tenantIds);
        }
    }

    [PostgresFact]
    public async Task Show_raw_SQL_nothing_with_no_tenant_in_context()
    {
        await using var db = _hub.NewDb();

        Assert.Empty(await db.Database.SqlQuery<string>($"""SELECT "Name" AS "Value" FROM automs""").ToListAsync());
        Assert.Equal(0, await db.Database.ExecuteSqlAsync($"DELETE FROM automs"));
    }

    [PostgresFact]
    public async Task Limit_raw_updates_and_deletes_to_the_current_tenant()
    {
        using (_hub.In(_hub.B))
        {
            await using var db = _hub.NewDb();
            Assert.Equal(1, await db.Database.ExecuteSqlAsync($"""UPDATE automs SET "Name" = "Name" || '-x'"""));
            Assert.Equal(1, await db.Database.ExecuteSqlAsync($"DELETE FROM automs"));
        }

        using (_hub.In(_hub.A))
        {
            await using var db = _hub.NewDb();
            Assert.Equal(2, await db.Automs.CountAsync());
        }
    }

    [PostgresFact]
    public async Task Refuse_raw_inserts_and_updates_that_would_write_another_tenants_row()
    {
        using (_hub.In(_hub.A))
        {
            await using var db = _hub.NewDb();
            var insert = await Assert.ThrowsAsync<PostgresException>(() => db.Database.ExecuteSqlAsync(
                $"""INSERT INTO automs ("Id", "TenantId", "Name", "IsDeleted") VALUES ({Guid.CreateVersion7()}, {_hub.B.Id}, 'forged', false)"""));
            var update = await Assert.ThrowsAsync<PostgresException>(() => db.Database.ExecuteSqlAsync(
                $"""UPDATE automs SET "TenantId" = {_hub.B.Id}"""));

            Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, insert.SqlState);
            Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, update.SqlState);
        }

        using (_hub.In(_hub.B))
        {
            await using var db = _hub.NewDb();
            Assert.Equal(["b-1"], await db.Automs.Select(a => a.Name).ToListAsync());
        }
    }

    [PostgresFact]
    public async Task Not_carry_a_tenant_over_on_a_pooled_connection()
    {
        // One physical connection for every context, so the second command reuses the first one's session.
        var single = new NpgsqlConnectionStringBuilder(_hub.NewDb().Database.GetConnectionString()) { MaxPoolSize = 1 }.ConnectionString;
        await using (var db = _hub.NewDb())
        {
            db.Database.SetConnectionString(single);
            using (_hub.In(_hub.A))
            {
                Assert.Equal(2, (await db.Database.SqlQuery<string>($"""SELECT "Name" AS "Value" FROM automs""").ToListAsync()).Count);
            }
        }

        await using (var db = _hub.NewDb())
        {
            db.Database.SetConnectionString(single);
            Assert.Empty(await db.Database.SqlQuery<string>($"""SELECT "Name" AS "Value" FROM automs""").ToListAsync());
            Assert.Equal(string.Empty, await db.Database.SqlQuery<string>($"SELECT coalesce(current_setting('msphub.tenant_id', true), '') AS \"Value\"").SingleAsync());
        }
    }

    [PostgresFact]
    public async Task Clear_the_tenant_for_commands_with_no_tenant_later_in_the_same_transaction()
    {
        await using var db = _hub.NewDb();
        await using var transaction = await db.Database.BeginTransactionAsync();
        using (_hub.In(_hub.A))
        {
            Assert.Equal(2, (await db.Database.SqlQuery<string>($"""SELECT "Name" AS "Value" FROM automs""").ToListAsync()).Count);
        }

        Assert.Empty(await db.Database.SqlQuery<string>($"""SELECT "Name" AS "Value" FROM automs""").ToListAsync());
    }

    [PostgresFact]
    public async Task Save_inside_an_ambient_transaction_scope()
    {
        using (var scope = new System.Transactions.TransactionScope(System.Transactions.TransactionScopeAsyncFlowOption.Enabled))
        {
            using (_hub.In(_hub.B))
            {
                await using var db = _hub.NewDb();
                db.Automs.Add(new Autom { Name = "b-scoped" });
                await db.SaveChangesAsync();
            }

            scope.Complete();
        }

        using (_hub.In(_hub.B))
        {
            await using var db = _hub.NewDb();
            Assert.Equal(["b-1", "b-scoped"], await db.Automs.OrderBy(a => a.Name).Select(a => a.Name).ToListAsync());
        }
    }

    [PostgresFact]
    public async Task See_every_tenant_from_raw_SQL_inside_a_cross_tenant_scope()
    {
        using (_hub.AcrossTenants())
        {
            await using var db = _hub.NewDb();
            Assert.Equal(3, (await db.Database.SqlQuery<string>($"""SELECT "Name" AS "Value" FROM automs""").ToListAsync()).Count);
        }
    }

    [PostgresFact]
    public async Task Connect_as_a_role_that_can_neither_bypass_nor_own_the_policies()
    {
        await using var db = _hub.NewDb();
        var role = await db.Database.SqlQuery<string>($"SELECT current_user AS \"Value\"").SingleAsync();
        var bypass = await db.Database.SqlQuery<bool>($"SELECT rolbypassrls OR rolsuper AS \"Value\" FROM pg_roles WHERE rolname = current_user").SingleAsync();
        var owner = await db.Database.SqlQuery<string>($"SELECT tableowner AS \"Value\" FROM pg_tables WHERE tablename = 'automs'").SingleAsync();
        var forced = await db.Database.SqlQuery<bool>($"SELECT relforcerowsecurity AS \"Value\" FROM pg_class WHERE relname = 'automs'").SingleAsync();

        Assert.False(bypass);
        Assert.NotEqual(role, owner);
        Assert.True(forced);
    }

    [PostgresFact]
    public async Task Keep_each_tenant_to_its_rows_when_the_host_adds_a_permissive_policy()
    {
        await using (var owner = new NpgsqlConnection(_hub.OwnerConnectionString))
        {
            await owner.OpenAsync();
            await using var policy = new NpgsqlCommand("CREATE POLICY host_everything ON automs AS PERMISSIVE USING (true) WITH CHECK (true)", owner);
            await policy.ExecuteNonQueryAsync();
        }

        using (_hub.In(_hub.A))
        {
            await using var db = _hub.NewDb();
            Assert.Equal(["a-1", "a-2"], await db.Database.SqlQuery<string>($"""SELECT "Name" AS "Value" FROM automs ORDER BY 1""").ToListAsync());
            await Assert.ThrowsAsync<PostgresException>(() => db.Database.ExecuteSqlAsync(
                $"""INSERT INTO automs ("Id", "TenantId", "Name", "IsDeleted", "UpdatedAt") VALUES ({Guid.CreateVersion7()}, {_hub.B.Id}, 'forged', false, now())"""));
        }
    }

    private async Task<Site> AddSiteAsync(Tenant tenant, string name, params string[] emails)
    {
        using (_hub.In(tenant))
        {
            await using var db = _hub.NewDb();
            var site = new Site { Name = name };
            site.Contacts.AddRange(emails.Select(e => new SiteContact { Email = e }));
            db.Sites.Add(site);
            await db.SaveChangesAsync();
            return site;
        }
    }

    // Plain SQL as the application role, past MspHub, with A's settings written the way its interceptor writes them.
    private async Task<T> AsApplicationRoleInTenantAAsync<T>(Func<NpgsqlConnection, Task<T>> work)
    {
        await using var connection = new NpgsqlConnection(_hub.ConnectionString);
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using (var settings = new NpgsqlCommand("SELECT set_config('msphub.tenant_id', @tenant, true) || set_config('msphub.cross_tenant', 'off', true)", connection))
        {
            settings.Parameters.AddWithValue("tenant", _hub.A.Id.ToString());
            await settings.ExecuteNonQueryAsync();
        }

        var result = await work(connection);
        await transaction.CommitAsync();
        return result;
    }

    private static async Task<int> ExecuteAsync(NpgsqlConnection connection, string sql, params (string Name, object Value)[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return await command.ExecuteNonQueryAsync();
    }

    [PostgresFact]
    public async Task Keep_plain_SQL_as_the_application_role_to_the_current_tenants_rows_of_an_owned_table()
    {
        var mine = await AddSiteAsync(_hub.A, "a-hq", "a@example.com");
        var theirs = await AddSiteAsync(_hub.B, "b-hq", "b1@example.com", "b2@example.com");
        var theirContact = theirs.Contacts[0].Id;

        var seen = await AsApplicationRoleInTenantAAsync(async connection =>
        {
            await using var read = new NpgsqlCommand("""SELECT "Email" FROM site_contacts ORDER BY 1""", connection);
            var emails = new List<string>();
            await using (var reader = await read.ExecuteReaderAsync())
            {
                while (await reader.ReadAsync())
                {
                    emails.Add(reader.GetString(0));
                }
            }

            return emails;
        });
        var written = await AsApplicationRoleInTenantAAsync(async connection => (
            Update: await ExecuteAsync(connection, """UPDATE site_contacts SET "Email" = 'hijacked@example.com' WHERE "Id" = @id""", ("id", theirContact)),
            Delete: await ExecuteAsync(connection, """DELETE FROM site_contacts WHERE "SiteId" = @site OR "TenantId" = @tenant""", ("site", theirs.Id), ("tenant", _hub.B.Id)),
            Own: await ExecuteAsync(connection, """UPDATE site_contacts SET "Email" = "Email" """)));

        // Writing B's tenant id, onto a new row under B's site or onto A's own row, fails the policy's WITH CHECK.
        var insert = await Assert.ThrowsAsync<PostgresException>(() => AsApplicationRoleInTenantAAsync(connection => ExecuteAsync(
            connection,
            """INSERT INTO site_contacts ("Id", "Email", "SiteId", "TenantId") VALUES (@id, 'planted@example.com', @site, @tenant)""",
            ("id", Guid.CreateVersion7()), ("site", theirs.Id), ("tenant", _hub.B.Id))));
        var move = await Assert.ThrowsAsync<PostgresException>(() => AsApplicationRoleInTenantAAsync(connection => ExecuteAsync(
            connection, """UPDATE site_contacts SET "TenantId" = @tenant, "SiteId" = @site""", ("tenant", _hub.B.Id), ("site", theirs.Id))));

        Assert.Equal(["a@example.com"], seen);
        Assert.Equal((0, 0, 1), written);
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, insert.SqlState);
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, move.SqlState);
        Assert.Equal(["b1@example.com", "b2@example.com"], await _hub.ReadOutsideMspHubAsync("""SELECT "Email" FROM site_contacts WHERE "TenantId" = @tenant ORDER BY 1""", ("tenant", _hub.B.Id)));
        Assert.Equal([mine.Id.ToString()], await _hub.ReadOutsideMspHubAsync("""SELECT "SiteId" FROM site_contacts WHERE "TenantId" = @tenant""", ("tenant", _hub.A.Id)));
    }

    // Role attributes are never inherited, but a member can SET ROLE to the role that has them at any time.
    [PostgresFact]
    public async Task Report_an_unsound_posture_for_a_role_that_can_set_role_to_one_that_bypasses_row_level_security()
    {
        var bypasser = "msphub_test_bypasser_" + Guid.NewGuid().ToString("N")[..12];
        await using var owner = (NpgsqlConnection)await _hub.OpenOwnerConnectionAsync();
        await using (var grant = new NpgsqlCommand($"CREATE ROLE {bypasser} NOLOGIN BYPASSRLS", owner))
        {
            await grant.ExecuteNonQueryAsync();
        }

        try
        {
            await using var db = _hub.NewDb();
            var application = new NpgsqlConnectionStringBuilder(db.Database.GetConnectionString()).Username;
            await using (var member = new NpgsqlCommand($"GRANT {bypasser} TO \"{application}\"", owner))
            {
                await member.ExecuteNonQueryAsync();
            }

            var posture = await db.Database.CheckPostureAsync();

            Assert.False(posture.IsSound);
            Assert.True(posture.BypassesRowLevelSecurity);
            Assert.False(posture.IsSuperuser);
            Assert.Contains(posture.Problems, p => p.Contains("can become a role that has it with SET ROLE", StringComparison.Ordinal));
        }
        finally
        {
            await using var drop = new NpgsqlCommand($"DROP ROLE {bypasser}", owner);
            await drop.ExecuteNonQueryAsync();
        }
    }

    [PostgresFact]
    public async Task Report_a_sound_posture_for_the_application_role_and_an_unsound_one_for_the_owner()
    {
        await using (var db = _hub.NewDb())
        {
            var posture = await db.Database.CheckPostureAsync();
            Assert.True(posture.IsSound, string.Join(" ", posture.Problems));
            Assert.Contains(posture.Tables, t => t.Table == "site_contacts");
            Assert.Contains(posture.Tables, t => t.Table == "autom_steps");
        }

        await using (var db = _hub.NewDb())
        {
            db.Database.SetConnectionString(_hub.OwnerConnectionString);
            var posture = await db.Database.CheckPostureAsync();
            Assert.False(posture.IsSound);
            Assert.True(posture.IsSuperuser);
            Assert.Contains(posture.Problems, p => p.Contains("superuser", StringComparison.Ordinal));
            await db.Database.ExecuteSqlRawAsync("ALTER TABLE automs NO FORCE ROW LEVEL SECURITY; DROP POLICY msphub_tenant_rows ON autom_steps;");
        }

        await using (var db = _hub.NewDb())
        {
            var posture = await db.Database.CheckPostureAsync();
            Assert.False(posture.IsSound);
            Assert.Contains("Table automs does not force row-level security on its owner.", posture.Problems);
            Assert.Contains(posture.Problems, p => p.StartsWith("Table autom_steps lacks MspHub's policies", StringComparison.Ordinal));
        }
    }
}
