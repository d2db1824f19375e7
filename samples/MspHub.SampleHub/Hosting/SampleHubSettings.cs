using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using MspHub.Licensing;

namespace MspHub.SampleHub.Hosting;

/// <summary>
/// Where the hub keeps its files and which database it uses. On first run the data folder receives the
/// SQLite database, a session signing key and a demo licence signed by a demo vendor key, so the sample needs
/// no server and no secrets; configuration overrides each of them for a real deployment.
/// </summary>
public sealed class SampleHubSettings
{
    private SampleHubSettings(
        string dataFolder, string? postgres, string signingKeyPem, string licencePublicKeyPem, string licence, string? licenceFile, bool seedDemo)
    {
        SeedDemo = seedDemo;
        LicenceFile = licenceFile;
        DataFolder = dataFolder;
        Postgres = postgres;
        SigningKeyPem = signingKeyPem;
        LicencePublicKeyPem = licencePublicKeyPem;
        Licence = licence;
    }

    /// <summary>How often the hub looks at its licence file for a renewal: short, so the demo shows one within seconds (MspHub's default is 30 seconds).</summary>
    public static readonly TimeSpan LicenceRetryInterval = TimeSpan.FromSeconds(5);

    public string DataFolder { get; }

    /// <summary>The PostgreSQL connection string (<c>ConnectionStrings:Postgres</c>), or null for the SQLite file.</summary>
    public string? Postgres { get; }

    public string SigningKeyPem { get; }

    public string LicencePublicKeyPem { get; }

    public string Licence { get; }

    /// <summary>The file the licence is read from at start, or null when configuration supplies the licence.</summary>
    public string? LicenceFile { get; }

    /// <summary>
    /// Whether an empty database gets the demo, and the sign-in page lists its accounts with their passwords
    /// (<c>SampleHub:SeedDemo</c>): on in Development (<c>appsettings.Development.json</c>), off anywhere else, so a hub
    /// deployed from the sample never holds accounts whose passwords are printed here and on an anonymous page.
    /// </summary>
    public bool SeedDemo { get; }

    public string DatabaseDescription => Postgres is null ? Path.Combine(DataFolder, "hub.db") : "PostgreSQL (ConnectionStrings:Postgres)";

    public static SampleHubSettings From(IConfiguration configuration, string contentRoot)
    {
        var folder = Path.GetFullPath(configuration["SampleHub:DataFolder"] ?? "App_Data", contentRoot);
        Directory.CreateDirectory(folder);
        var postgres = configuration.GetConnectionString("Postgres");
        var signingKey = configuration["MspHub:Jwt:SigningKeyPem"] is { Length: > 0 } configuredKey
            ? configuredKey
            : SecretFile.ReadOrCreate(Path.Combine(folder, "session-signing-key.pem"), NewSigningKey);
        var (publicKey, licence, licenceFile) = configuration["MspHub:Licence:Licence"] is { Length: > 0 } configuredLicence
            ? (configuration["MspHub:Licence:PublicKeyPem"] ?? "", configuredLicence, null)
            : DemoLicence(folder);
        return new SampleHubSettings(
            folder, string.IsNullOrWhiteSpace(postgres) ? null : postgres, signingKey, publicKey, licence, licenceFile, configuration.GetValue<bool>("SampleHub:SeedDemo"));
    }

    public void UseDatabase(DbContextOptionsBuilder options)
    {
        if (Postgres is not null)
        {
            options.UseNpgsql(Postgres);
        }
        else
        {
            options.UseSqlite($"Data Source={Path.Combine(DataFolder, "hub.db")}");
        }
    }

    // The demo vendor's private key signs the demo licence and is then thrown away, as a real vendor's never leaves the vendor.
    private static (string PublicKey, string Licence, string? LicenceFile) DemoLicence(string folder)
    {
        var publicKeyFile = Path.Combine(folder, "demo-vendor.pub.pem");
        var licenceFile = Path.Combine(folder, "demo.licence");
        if (!File.Exists(publicKeyFile) || !File.Exists(licenceFile))
        {
            var (privateKey, publicKey) = LicenceIssuer.CreateKeyPair();
            var now = DateTimeOffset.UtcNow;
            var licence = LicenceIssuer.Issue(
                new Licence
                {
                    LicenceId = $"demo-{now:yyyyMMdd}",
                    Licensee = "Northwind MSP (demo)",
                    Edition = "msp-demo",
                    MaxTenants = 10,
                    Features = [HubNames.AiAgentsFeature, HubNames.AlertsFeature],
                    DefaultQuotas = new Dictionary<string, long> { [HubNames.AutomsQuota] = 5 },
                    IssuedAt = now,
                    ExpiresAt = now.AddYears(1),
                },
                privateKey);
            File.WriteAllText(licenceFile, licence);
            File.WriteAllText(publicKeyFile, publicKey);
        }

        return (File.ReadAllText(publicKeyFile), File.ReadAllText(licenceFile), licenceFile);
    }

    private static string NewSigningKey()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return key.ExportPkcs8PrivateKeyPem();
    }
}
