using BenchmarkDotNet.Attributes;
using MspHub.Licensing;

namespace MspHub.Benchmarks;

/// <summary>
/// Verifying a licence document (parse, ECDSA P-256 signature check, JSON, time window). Hosts do this once
/// at start and on renewal, so the figure is for information: it shows what re-checking on every request
/// would cost, which is why the signature is checked once and only the expiry per read.
/// </summary>
[MemoryDiagnoser]
public class LicenceVerificationBenchmarks
{
    private LicenceVerifier _verifier = null!;
    private string _document = null!;
    private DateTimeOffset _now;

    [GlobalSetup]
    public void Setup()
    {
        var (privateKey, publicKey) = LicenceIssuer.CreateKeyPair();
        _now = DateTimeOffset.UtcNow;
        _document = LicenceIssuer.Issue(
            new Licence
            {
                LicenceId = "lic-bench",
                Licensee = "Northwind MSP",
                Edition = "msp",
                MaxTenants = 500,
                Features = ["vault", "ai-agents", "dashboards"],
                DefaultQuotas = new Dictionary<string, long> { ["automs"] = 100, ["users"] = 250, ["resources"] = 1_000 },
                IssuedAt = _now.AddDays(-1),
                ExpiresAt = _now.AddDays(365),
            },
            privateKey);
        _verifier = new LicenceVerifier(publicKey);
        if (!Verify().IsValid)
        {
            throw new InvalidOperationException("The benchmark licence does not verify.");
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _verifier.Dispose();

    [Benchmark(Description = "Verify a licence document")]
    public LicenceVerification Verify() => _verifier.Verify(_document, _now);
}
