using System.Diagnostics;
using System.IO.Compression;
using System.Reflection;
using System.Xml.Linq;

namespace MspHub.Tool.Tests.Packing;

/// <summary>
/// The tool is only useful installed: the package must be a .NET tool package whose settings name the <c>msphub</c>
/// command, or <c>dotnet tool install</c> refuses it. Packs the already-built output, so it costs seconds.
/// </summary>
public sealed class ToolPackageShould : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("msphub-tool-pack-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Pack_as_a_dotnet_tool_named_msphub_with_its_readme()
    {
        var start = new ProcessStartInfo("dotnet", ["pack", Metadata("ToolProject"), "-c", Metadata("Configuration"), "--no-build", "-o", _directory])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var pack = Process.Start(start)!;
        var output = await pack.StandardOutput.ReadToEndAsync();
        var error = await pack.StandardError.ReadToEndAsync();
        await pack.WaitForExitAsync();
        Assert.True(pack.ExitCode == 0, output + error);

        using var package = ZipFile.OpenRead(Directory.GetFiles(_directory, "MspHub.Tool.*.nupkg").Single(p => !p.EndsWith(".snupkg", StringComparison.Ordinal)));
        var settings = package.Entries.Single(e => e.FullName.EndsWith("/DotnetToolSettings.xml", StringComparison.Ordinal));
        await using var stream = settings.Open();
        var command = XDocument.Load(stream).Descendants("Command").Single();

        Assert.StartsWith("tools/net10.0/", settings.FullName, StringComparison.Ordinal);
        Assert.Equal("msphub", command.Attribute("Name")?.Value);
        Assert.Equal("MspHub.Tool.dll", command.Attribute("EntryPoint")?.Value);
        Assert.Contains(package.Entries, e => e.FullName == "README.md");
    }

    private static string Metadata(string key) =>
        typeof(ToolPackageShould).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;
}
