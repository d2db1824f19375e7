namespace MspHub.EntityFramework.Tests.Pooling;

public sealed class SqlitePooledContextShould() : PooledContextSuite(DatabaseProvider.Sqlite);
