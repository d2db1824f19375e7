namespace MspHub.EntityFramework.Tests.Hierarchy;

public sealed class SqliteSubtreeScopeShould() : SubtreeScopeSuite(DatabaseProvider.Sqlite);
