namespace MspHub.Tests.Isolation;

public sealed class SqliteTenantIsolationShould() : TenantIsolationSuite(DatabaseProvider.Sqlite);
