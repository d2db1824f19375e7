namespace MspHub.Tests.Hierarchy;

public sealed class SqliteSubtreeLimitsShould() : SubtreeLimitsSuite(DatabaseProvider.Sqlite);
