namespace MspHub.EntityFramework.Tests.Hierarchy;

public sealed class SqliteInheritedFeaturesShould() : InheritedFeaturesSuite(DatabaseProvider.Sqlite);
