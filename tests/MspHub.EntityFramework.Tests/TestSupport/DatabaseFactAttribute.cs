using Xunit.Sdk;

namespace MspHub.EntityFramework.Tests;

/// <summary>
/// A fact written once in an abstract suite and run by one subclass per database provider. In a class
/// marked <see cref="RequiresPostgresAttribute"/>, it is skipped with a printed reason when no
/// PostgreSQL server is configured, never passed silently.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
[XunitTestCaseDiscoverer("MspHub.EntityFramework.Tests.DatabaseFactDiscoverer", "MspHub.EntityFramework.Tests")]
public sealed class DatabaseFactAttribute : FactAttribute;
