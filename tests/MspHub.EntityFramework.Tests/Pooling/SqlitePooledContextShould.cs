namespace MspHub.Tests.Pooling;

public sealed class SqlitePooledContextShould() : PooledContextSuite(DatabaseProvider.Sqlite);
