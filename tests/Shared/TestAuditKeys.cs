using System.Security.Cryptography;

namespace MspHub.Tests;

/// <summary>Audit checkpoint keys made for one test run: ECDSA P-256, as a host would hold them.</summary>
public sealed class TestAuditKey
{
    private TestAuditKey(string keyId)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        KeyId = keyId;
        PrivateKeyPem = key.ExportPkcs8PrivateKeyPem();
        PublicKeyPem = key.ExportSubjectPublicKeyInfoPem();
    }

    public string KeyId { get; }

    public string PrivateKeyPem { get; }

    public string PublicKeyPem { get; }

    public static TestAuditKey Create(string keyId) => new(keyId);

    /// <summary>Signs checkpoints with this key every <paramref name="everyRecords"/> records, trusting <paramref name="retired"/> too.</summary>
    public Action<AuditCheckpointOptions> Signing(int everyRecords, params TestAuditKey[] retired) => o =>
    {
        o.KeyId = KeyId;
        o.SigningKeyPem = PrivateKeyPem;
        o.EveryRecords = everyRecords;
        foreach (var key in retired)
        {
            o.RetiredPublicKeys[key.KeyId] = key.PublicKeyPem;
        }
    };
}
