using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace MspHub.EntityFramework.Tests.Hierarchy;

/// <summary>The suite on PostgreSQL, plus raw SQL, which only row-level security stands in front of.</summary>
[RequiresPostgres]
public sealed class PostgresSubtreeScopeShould() : SubtreeScopeSuite(DatabaseProvider.Postgres)
{
    [DatabaseFact]
    public async Task Show_raw_SQL_exactly_the_subtrees_rows_in_host_and_MspHub_tables()
    {
        var subtree = await Hierarchy.GetSubtreeAsync(Tree.ContosoAdmin.Id, Tree.Contoso.Id);
        using (Hub.Tenancy.BeginSubtreeScope(subtree, "tests.client-rollup"))
        {
            await using var db = Hub.NewDb();
            var names = await db.Database.SqlQuery<string>($"""SELECT "Name" AS "Value" FROM automs ORDER BY "Name" """).ToListAsync();
            var tenants = await db.Database.SqlQuery<Guid>($"""SELECT DISTINCT "TenantId" AS "Value" FROM autom_steps""").ToListAsync();
            var members = await db.Database.SqlQuery<Guid>($"SELECT tenant_id AS \"Value\" FROM msphub.memberships").ToListAsync();

            Assert.Equal(["contoso-1", "contoso-leeds-1", "contoso-york-1"], names);
            Assert.Equal(subtree.TenantIds.Order(), tenants.Order());
            Assert.Equal([Tree.Contoso.Id], members.Distinct());
        }
    }

    [DatabaseFact]
    public async Task Refuse_raw_SQL_writes_inside_the_scope()
    {
        var subtree = await Hierarchy.GetSubtreeAsync(Tree.ContosoAdmin.Id, Tree.Contoso.Id);
        using (Hub.Tenancy.BeginSubtreeScope(subtree, "tests.client-rollup"))
        {
            await using var db = Hub.NewDb();
            var delete = await Assert.ThrowsAsync<PostgresException>(() => db.Database.ExecuteSqlAsync($"DELETE FROM automs"));
            var update = await Assert.ThrowsAsync<PostgresException>(() => db.Database.ExecuteSqlAsync($"""UPDATE automs SET "Name" = 'x'"""));
            var insert = await Assert.ThrowsAsync<PostgresException>(() => db.Database.ExecuteSqlAsync(
                $"""INSERT INTO automs ("Id", "TenantId", "Name", "IsDeleted", "UpdatedAt") VALUES ({Guid.CreateVersion7()}, {Tree.ContosoLeeds.Id}, 'planted', false, now())"""));
            Assert.All([delete, update, insert], e => Assert.Equal(PostgresErrorCodes.ReadOnlySqlTransaction, e.SqlState));
        }

        await using var owner = await Hub.OpenOwnerConnectionAsync();
        await using var count = owner.CreateCommand();
        count.CommandText = """SELECT count(*) FROM automs WHERE "Name" LIKE '%-1'""";
        Assert.Equal(8L, await count.ExecuteScalarAsync());
    }

    [DatabaseFact]
    public async Task Let_the_policies_read_the_subtree_setting_but_never_write_with_it()
    {
        // Past the interceptor, with only the subtree setting and a writable transaction: the USING clause lets the
        // subtree be read, the WITH CHECK clause refuses to write with it.
        await using var db = Hub.NewDb();
        await db.Database.OpenConnectionAsync();
        await using var transaction = await db.Database.BeginTransactionAsync();
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.Transaction = transaction.GetDbTransaction();
        command.CommandText = $"SELECT set_config('msphub.tenant_ids', '{{{Tree.Contoso.Id},{Tree.ContosoLeeds.Id}}}', true)";
        await command.ExecuteNonQueryAsync();
        command.CommandText = "SELECT count(*) FROM automs";
        Assert.Equal(2L, await command.ExecuteScalarAsync());

        command.CommandText = $"""INSERT INTO automs ("Id", "TenantId", "Name", "IsDeleted", "UpdatedAt") VALUES ('{Guid.CreateVersion7()}', '{Tree.ContosoLeeds.Id}', 'planted', false, now())""";
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, (await Assert.ThrowsAsync<PostgresException>(() => command.ExecuteNonQueryAsync())).SqlState);
    }
}
