using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace MspHub.Abstractions.Tests.Audit;

/// <summary>When checkpoints are signed, in memory, and which keys a host may not start with.</summary>
public sealed class AuditCheckpointShould
{
    private static readonly Guid Contoso = Guid.CreateVersion7();
    private readonly TestAuditKey _key = TestAuditKey.Create("audit-1");

    [Fact]
    public async Task Sign_with_the_first_record_after_the_interval_even_before_the_record_count()
    {
        var clock = TestClock.Create();
        await using var services = Hub.Build(
            hub => hub.AddInMemoryTenantStore().AddAuditCheckpoints(o =>
            {
                _key.Signing(everyRecords: 1000)(o);
                o.Every = TimeSpan.FromMinutes(10);
            }),
            s => s.AddSingleton<TimeProvider>(clock));
        await using var scope = services.CreateAsyncScope();
        var log = scope.ServiceProvider.GetRequiredService<IAuditLog>();

        await log.RecordAsync(new AuditEntry("sample.one", Contoso));
        await log.RecordAsync(new AuditEntry("sample.two", Contoso));
        clock.Advance(TimeSpan.FromMinutes(10));
        await log.RecordAsync(new AuditEntry("sample.three", Contoso));

        var checkpoints = new List<AuditCheckpoint>();
        await foreach (var checkpoint in scope.ServiceProvider.GetRequiredService<IAuditStore>().ReadCheckpointsAsync(Contoso, 1, null))
        {
            checkpoints.Add(checkpoint);
        }

        Assert.Equal([(1L, 1L), (2, 3)], checkpoints.Select(c => (c.FromSequence, c.ToSequence)));
        Assert.Equal(clock.GetUtcNow(), checkpoints[1].SignedAt);
        Assert.True((await log.VerifyAsync(Contoso)).IsIntact);
    }

    [Theory]
    [InlineData("no key")]
    [InlineData("nothing to sign or verify with")]
    [InlineData("not a key")]
    [InlineData("public key only")]
    [InlineData("P-384")]
    [InlineData("bad key id")]
    [InlineData("retired key is current")]
    [InlineData("retired key is a private key")]
    public void Refuse_to_start_without_a_usable_signing_key(string mistake)
    {
        using var p384 = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP384);
        using var services = Hub.Build(hub => hub.AddInMemoryTenantStore().AddAuditCheckpoints(o =>
        {
            _key.Signing(everyRecords: 10)(o);
            switch (mistake)
            {
                case "no key": o.SigningKeyPem = null; break;
                case "nothing to sign or verify with": (o.KeyId, o.SigningKeyPem) = (null, null); break;
                case "not a key": o.SigningKeyPem = "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----"; break;
                case "public key only": o.SigningKeyPem = _key.PublicKeyPem; break;
                case "P-384": o.SigningKeyPem = p384.ExportPkcs8PrivateKeyPem(); break;
                case "bad key id": o.KeyId = "audit key"; break;
                case "retired key is current": o.RetiredPublicKeys[_key.KeyId] = _key.PublicKeyPem; break;
                case "retired key is a private key": o.RetiredPublicKeys["audit-old"] = TestAuditKey.Create("audit-old").PrivateKeyPem; break;
            }
        }));

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<AuditCheckpointOptions>>().Value);
        Assert.Contains("MspHub:Audit:Checkpoints", error.Message, StringComparison.Ordinal);
    }
}
