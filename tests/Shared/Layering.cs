using System.Reflection;

namespace MspHub.Tests;

/// <summary>
/// The package layering rule (dependencies point one way: Abstractions ← EntityFramework, Licensing ←
/// AspNetCore), checked against the assemblies a package's compiled code actually references.
/// </summary>
public static class Layering
{
    public static IReadOnlyList<string> ForbiddenReferences(string packageAssembly, params string[] forbiddenPrefixes) =>
        [.. Assembly.Load(packageAssembly).GetReferencedAssemblies()
            .Select(a => a.Name!)
            .Where(name => forbiddenPrefixes.Any(prefix => name.StartsWith(prefix, StringComparison.Ordinal)))];
}
