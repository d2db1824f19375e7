namespace MspHub.Tests.Saving;

public sealed class SqliteSaveGuardShould() : SaveGuardSuite(DatabaseProvider.Sqlite);
