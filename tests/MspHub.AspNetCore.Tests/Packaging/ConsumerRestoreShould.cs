namespace MspHub.AspNetCore.Tests.Packaging;

/// <summary>
/// A host that references MspHub.AspNetCore from the packed packages next to the ASP.NET Core packages of the same
/// patch family restores cleanly: no package MspHub depends on is newer than the one the host names (NU1605).
/// </summary>
public class ConsumerRestoreShould(PackedPackages packages) : IClassFixture<PackedPackages>
{
    [Fact]
    public async Task Restore_MspHub_AspNetCore_next_to_JwtBearer_10_without_downgrade_warnings()
    {
        var consumer = Directory.CreateDirectory(Path.Combine(packages.WorkFolder, "consumer")).FullName;
        await File.WriteAllTextAsync(Path.Combine(consumer, "Consumer.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk.Web">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="MspHub.AspNetCore" Version="{packages.Version}" />
                <PackageReference Include="Microsoft.AspNetCore.Authentication.JwtBearer" Version="10.0.15" />
              </ItemGroup>
            </Project>
            """);
        // The packed packages are one more source beside the machine's usual ones.
        await File.WriteAllTextAsync(Path.Combine(consumer, "nuget.config"), $"""
            <configuration>
              <packageSources>
                <add key="msphub-packed" value="{packages.Source}" />
              </packageSources>
            </configuration>
            """);

        var (exitCode, output) = await DotnetCommand.RunAsync(
            consumer, "restore", "--packages", packages.PackagesFolder,
            $"-p:RestoreFallbackFolders={PackedPackages.GlobalPackagesFolder}");

        Assert.True(exitCode == 0, $"the consumer did not restore:\n{output}");
        Assert.DoesNotContain("NU1605", output, StringComparison.Ordinal);
        Assert.True(
            Directory.Exists(Path.Combine(packages.PackagesFolder, "msphub.aspnetcore", packages.Version)),
            $"the consumer did not restore the packed MspHub.AspNetCore:\n{output}");
    }
}
