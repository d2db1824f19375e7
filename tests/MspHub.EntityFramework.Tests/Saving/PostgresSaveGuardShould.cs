namespace MspHub.Tests.Saving;

[RequiresPostgres]
public sealed class PostgresSaveGuardShould() : SaveGuardSuite(DatabaseProvider.Postgres);
