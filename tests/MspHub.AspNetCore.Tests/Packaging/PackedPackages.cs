using System.Reflection;

namespace MspHub.AspNetCore.Tests.Packaging;

/// <summary>
/// MspHub.Abstractions, MspHub.Licensing and MspHub.AspNetCore packed from source once per test class into a
/// throwaway folder, under a version no other run uses. Build output goes to the same folder (the repository's
/// bin/obj are left alone), and packages restored for consumers go to a throwaway packages folder that falls back
/// to the machine's global one, so nothing from here lingers in the NuGet cache.
/// </summary>
public sealed class PackedPackages : IAsyncLifetime
{
    private static readonly string[] Projects = ["MspHub.Abstractions", "MspHub.Licensing", "MspHub.AspNetCore"];

    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("msphub-packages-");

    public string Version { get; } = $"0.0.0-consumer.{DateTime.UtcNow:yyyyMMddHHmmss}.{Environment.ProcessId}";

    /// <summary>The local package source holding the packed .nupkg files.</summary>
    public string Source => Path.Combine(_root.FullName, "feed");

    /// <summary>Where consumer restores extract packages.</summary>
    public string PackagesFolder => Path.Combine(_root.FullName, "packages");

    public string WorkFolder => _root.FullName;

    public static string GlobalPackagesFolder =>
        Environment.GetEnvironmentVariable("NUGET_PACKAGES")
        ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");

    public async Task InitializeAsync()
    {
        var repository = typeof(PackedPackages).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "RepositoryRoot").Value!;
        var artifacts = Path.Combine(_root.FullName, "artifacts");

        // Restored under the committed version, so the committed lock files hold (and CI's locked mode passes);
        // only the packing takes the throwaway version.
        await RunAsync(repository, "restore", Path.Combine("src", Projects[^1]), $"-p:ArtifactsPath={artifacts}");
        foreach (var project in Projects)
        {
            await RunAsync(
                repository, "pack", Path.Combine("src", project), "--no-restore", "-c", "Release", "-m:1",
                "-o", Source, $"-p:ArtifactsPath={artifacts}", $"-p:Version={Version}");
        }
    }

    public Task DisposeAsync()
    {
        _root.Delete(recursive: true);
        return Task.CompletedTask;
    }

    private static async Task RunAsync(string workingDirectory, params string[] arguments)
    {
        var (exitCode, output) = await DotnetCommand.RunAsync(workingDirectory, arguments);
        Assert.True(exitCode == 0, $"dotnet {string.Join(' ', arguments)} failed:\n{output}");
    }
}
