using Microsoft.EntityFrameworkCore;

namespace MspHub.SampleHub.Data;

/// <summary>The hub's database on SQLite (the default); its migrations are in Data/Migrations/Sqlite.</summary>
public sealed class SqliteSampleDb(DbContextOptions<SqliteSampleDb> options) : SampleDb(options);
