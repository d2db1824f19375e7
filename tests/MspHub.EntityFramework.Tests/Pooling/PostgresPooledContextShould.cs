namespace MspHub.Tests.Pooling;

[RequiresPostgres]
public sealed class PostgresPooledContextShould() : PooledContextSuite(DatabaseProvider.Postgres);
