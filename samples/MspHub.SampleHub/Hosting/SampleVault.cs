using System.Security.Cryptography;

namespace MspHub.SampleHub.Hosting;

/// <summary>
/// The tenant vault; with the operation gates Program.cs turns on, every reveal waits for a second person (MspHub's
/// default L2 for <see cref="VaultOperations.Reveal"/>). A real deployment sets the key-encryption key in <c>MspHub:Vault</c> from its
/// secret store; without one the sample makes a random key in its data folder on first run, as it does its session
/// signing key, so it starts with nothing to set up.
/// </summary>
public static class SampleVault
{
    public const string DemoKeyId = "sample-kek-1";

    public static MspHubBuilder AddSampleVault(this MspHubBuilder hub, IConfiguration configuration, SampleHubSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return hub
            .AddTenantVault(o =>
            {
                configuration.GetSection(VaultOptions.SectionName).Bind(o);
                if (o.KeyEncryptionKeys.Count == 0)
                {
                    o.KeyEncryptionKeys[DemoKeyId] = SecretFile.ReadOrCreate(
                        Path.Combine(settings.DataFolder, "vault-kek.txt"), () => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
                    o.CurrentKeyId = DemoKeyId;
                }
            });
    }
}
