namespace MspHub.EntityFramework.Tests.Isolation;

[RequiresPostgres]
public sealed class PostgresTenantIsolationShould() : TenantIsolationSuite(DatabaseProvider.Postgres);
