namespace MspHub.EntityFramework.Tests.Hierarchy;

[RequiresPostgres]
public sealed class PostgresInheritedFeaturesShould() : InheritedFeaturesSuite(DatabaseProvider.Postgres);
