using Npgsql;

namespace MspHub.EntityFramework.Tests;

/// <summary>The PostgreSQL server test.sh provides is real, recent enough and lets tests work in databases of their own.</summary>
public class PostgresDatabaseShould
{
    [PostgresFact]
    public async Task Give_each_test_its_own_database_on_PostgreSQL_15_or_later()
    {
        string name;
        await using (var database = await PostgresDatabase.CreateAsync())
        {
            name = database.Name;
            await using var connection = new NpgsqlConnection(database.ConnectionString);
            await connection.OpenAsync();
            await using var query = new NpgsqlCommand("SELECT current_database(), current_setting('server_version_num')::int", connection);
            await using var reader = await query.ExecuteReaderAsync();
            Assert.True(await reader.ReadAsync());
            Assert.Equal(name, reader.GetString(0));
            Assert.True(reader.GetInt32(1) >= 150000, $"PostgreSQL 15 or later is required; the server reports {reader.GetInt32(1)}.");
        }

        await using var admin = new NpgsqlConnection(PostgresFactAttribute.ConnectionString);
        await admin.OpenAsync();
        await using var exists = new NpgsqlCommand("SELECT count(*) FROM pg_database WHERE datname = @name", admin);
        exists.Parameters.AddWithValue("name", name);
        Assert.Equal(0L, await exists.ExecuteScalarAsync());
    }
}
