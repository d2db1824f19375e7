using MspHub.Licensing;

namespace MspHub.Tests;

/// <summary>A vendor key pair for the test run and licences signed with it, as a vendor would issue them.</summary>
internal static class TestLicences
{
    public static readonly (string PrivateKeyPem, string PublicKeyPem) Vendor = LicenceIssuer.CreateKeyPair();

    public static Licence Licence(
        string id = "lic-1", int maxTenants = 10, IEnumerable<string>? features = null, IReadOnlyDictionary<string, long>? quotas = null) => new()
    {
        LicenceId = id,
        Licensee = "Northwind MSP",
        Edition = "msp",
        MaxTenants = maxTenants,
        Features = [.. features ?? ["vault"]],
        DefaultQuotas = quotas ?? new Dictionary<string, long>(),
        IssuedAt = DateTimeOffset.UtcNow.AddDays(-1),
        ExpiresAt = DateTimeOffset.UtcNow.AddDays(30),
    };

    /// <summary>Configures licensing with <paramref name="licence"/> signed by the test vendor, or unlicensed when it is null.</summary>
    public static Action<LicensingOptions> Install(Licence? licence) => o =>
    {
        o.PublicKeyPem = Vendor.PublicKeyPem;
        o.Licence = licence is null ? null : LicenceIssuer.Issue(licence, Vendor.PrivateKeyPem);
    };
}
