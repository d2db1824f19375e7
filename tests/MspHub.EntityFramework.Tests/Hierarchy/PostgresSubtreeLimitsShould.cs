namespace MspHub.EntityFramework.Tests.Hierarchy;

[RequiresPostgres]
public sealed class PostgresSubtreeLimitsShould() : SubtreeLimitsSuite(DatabaseProvider.Postgres);
