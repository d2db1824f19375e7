using System.Runtime.Versioning;
using MspHub.SampleHub.Tests.TestSupport;

namespace MspHub.SampleHub.Tests.Hosting;

/// <summary>The secrets the hub makes in its data folder on first run are its owner's alone.</summary>
public sealed class SecretFilesShould
{
    [UnixFact]
    [UnsupportedOSPlatform("windows")]
    public async Task Be_readable_and_writable_by_their_owner_only()
    {
        await using var hub = await SampleHubProcess.StartAsync();

        foreach (var secret in new[] { "session-signing-key.pem", "vault-kek.txt" })
        {
            var path = Path.Combine(hub.DataFolder, secret);
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }

        Assert.Empty(Directory.GetFiles(hub.DataFolder, "*.tmp")); // each written under a name of its own, then moved into place
    }
}
