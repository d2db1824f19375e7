namespace MspHub.EntityFramework.Tests.Saving;

public sealed class SqliteSaveGuardShould() : SaveGuardSuite(DatabaseProvider.Sqlite);
