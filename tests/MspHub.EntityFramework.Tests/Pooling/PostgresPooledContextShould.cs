namespace MspHub.EntityFramework.Tests.Pooling;

[RequiresPostgres]
public sealed class PostgresPooledContextShould() : PooledContextSuite(DatabaseProvider.Postgres);
