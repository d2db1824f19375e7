using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using MspHub.AspNetCore;

namespace MspHub.Benchmarks;

/// <summary>
/// Issuing a session token for a member of a tenant (BRIEF target: at most 20 µs): the user and membership
/// look-ups, the entry check, the claims and the ES256 signature. The baseline signs the same bytes' worth
/// of JWT with the same key and no MspHub at all, to show what the signature alone costs.
/// </summary>
[MemoryDiagnoser]
public class TokenIssueBenchmarks
{
    private ServiceProvider _services = null!;
    private ISessionTokens _tokens = null!;
    private ECDsa _key = null!;
    private Guid _userId;
    private Tenant _tenant = null!;
    private byte[] _payload = null!;

    [GlobalSetup]
    public void Setup()
    {
        _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        _tenant = Tenant.Create("acme", "Acme");
        _services = new ServiceCollection()
            .AddMspHub(hub => hub
                .AddInMemoryTenantStore(_tenant)
                .AddInMemoryAccessStore()
                .AddPermissions(p => p.Resource("automs").Actions(PermissionActions.All))
                .AddJwtSessions(o =>
                {
                    o.Issuer = "https://hub.example.com";
                    o.Audience = "hub";
                    o.SigningKeyPem = _key.ExportPkcs8PrivateKeyPem();
                }))
            .Services.BuildServiceProvider();
        var user = HubUser.Create("alice");
        var store = _services.GetRequiredService<InMemoryAccessStore>();
        store.AddUserAsync(user).GetAwaiter().GetResult();
        store.SaveMembershipAsync(new Membership { UserId = user.Id, TenantId = _tenant.Id, Roles = ["Agent"] }).GetAwaiter().GetResult();
        _userId = user.Id;
        _tokens = _services.GetRequiredService<ISessionTokens>();
        _payload = System.Text.Encoding.UTF8.GetBytes(Issue().Split('.')[1]);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _services.Dispose();
        _key.Dispose();
    }

    [Benchmark(Baseline = true, Description = "ES256 signature of a token-sized payload (baseline)")]
    public byte[] SignOnly() => _key.SignData(_payload, HashAlgorithmName.SHA256);

    [Benchmark(Description = "MspHub: issue a session token")]
    public string Issue() => _tokens.IssueAsync(_userId, _tenant).GetAwaiter().GetResult().Token;
}
