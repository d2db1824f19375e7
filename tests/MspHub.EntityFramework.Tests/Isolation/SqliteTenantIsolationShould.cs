namespace MspHub.EntityFramework.Tests.Isolation;

public sealed class SqliteTenantIsolationShould() : TenantIsolationSuite(DatabaseProvider.Sqlite);
