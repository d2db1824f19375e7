namespace MspHub.EntityFramework.Tests;

/// <summary>On a test class: its <see cref="DatabaseFactAttribute"/> tests need the PostgreSQL server test.sh provides.</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class RequiresPostgresAttribute : Attribute;
