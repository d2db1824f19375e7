namespace MspHub.Tests.Hierarchy;

public sealed class SqliteSubtreeScopeShould() : SubtreeScopeSuite(DatabaseProvider.Sqlite);
