namespace MspHub.EntityFramework.Tests.Hierarchy;

public sealed class SqliteSubtreeLimitsShould() : SubtreeLimitsSuite(DatabaseProvider.Sqlite);
