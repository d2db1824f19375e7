using Microsoft.EntityFrameworkCore;

namespace MspHub.SampleHub.Data;

/// <summary>
/// The hub's database on PostgreSQL; its migrations are in Data/Migrations/Postgres and put row-level security
/// on every tenant-owned table, the sample's and MspHub's own.
/// </summary>
public sealed class PostgresSampleDb(DbContextOptions<PostgresSampleDb> options) : SampleDb(options);
