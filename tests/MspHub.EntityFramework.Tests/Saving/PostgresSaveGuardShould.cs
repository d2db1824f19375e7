namespace MspHub.EntityFramework.Tests.Saving;

[RequiresPostgres]
public sealed class PostgresSaveGuardShould() : SaveGuardSuite(DatabaseProvider.Postgres);
