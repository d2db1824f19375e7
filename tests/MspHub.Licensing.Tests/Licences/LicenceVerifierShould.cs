using System.Buffers.Text;
using System.Text;
using System.Text.Json.Nodes;
using MspHub.Licensing;

namespace MspHub.Licensing.Tests.Licences;

public class LicenceVerifierShould
{
    private static readonly (string Private, string Public) Vendor = LicenceIssuer.CreateKeyPair();
    private static readonly (string Private, string Public) Other = LicenceIssuer.CreateKeyPair();
    private static readonly DateTimeOffset Now = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly System.Text.Json.JsonSerializerOptions Web = new(System.Text.Json.JsonSerializerDefaults.Web);

    private static readonly Licence Sample = new()
    {
        LicenceId = "lic-0001",
        Licensee = "Northwind MSP",
        Edition = "msp",
        MaxTenants = 50,
        Features = ["vault", "ai-agents"],
        DefaultQuotas = new Dictionary<string, long> { ["automs"] = 10, ["users"] = 25 },
        IssuedAt = Now.AddDays(-1),
        ExpiresAt = Now.AddDays(364),
    };

    private static LicenceVerification Verify(string? document)
    {
        using var verifier = new LicenceVerifier(Vendor.Public);
        return verifier.Verify(document, Now);
    }

    [Fact]
    public void Accept_a_licence_signed_by_the_vendor_and_return_every_field()
    {
        var verification = Verify(LicenceIssuer.Issue(Sample, Vendor.Private));

        Assert.True(verification.IsValid, verification.Detail);
        Assert.Equal(Sample.Licensee, verification.Licence!.Licensee);
        Assert.Equal(Sample.Features, verification.Licence.Features);
        Assert.Equal(Sample.DefaultQuotas, verification.Licence.DefaultQuotas);
        Assert.Equal(Sample.ExpiresAt, verification.Licence.ExpiresAt);
    }

    public static TheoryData<string, string> TamperedFields => new()
    {
        { "licenceId", "\"lic-9999\"" },
        { "licensee", "\"Someone Else\"" },
        { "edition", "\"enterprise\"" },
        { "maxTenants", "5000" },
        { "features", "[\"vault\",\"ai-agents\",\"billing\"]" },
        { "defaultQuotas", "{\"automs\":100000,\"users\":25}" },
        { "issuedAt", "\"2026-05-01T00:00:00+00:00\"" },
        { "expiresAt", "\"2099-01-01T00:00:00+00:00\"" },
    };

    [Theory]
    [MemberData(nameof(TamperedFields))]
    public void Refuse_a_licence_with_any_field_changed(string field, string value)
    {
        var (payload, signature) = Split(LicenceIssuer.Issue(Sample, Vendor.Private));
        var json = JsonNode.Parse(Encoding.UTF8.GetString(payload))!.AsObject();
        json[field] = JsonNode.Parse(value);
        var tampered = Join(Encoding.UTF8.GetBytes(json.ToJsonString()), signature);

        var verification = Verify(tampered);

        Assert.Equal(LicenceProblem.BadSignature, verification.Problem);
        Assert.Null(verification.Licence);
    }

    public static TheoryData<string, string?, LicenceProblem> BadDocuments
    {
        get
        {
            var good = LicenceIssuer.Issue(Sample, Vendor.Private);
            var (payload, signature) = Split(good);
            // The last character of a 64-byte signature carries 2 bits; its other 4 are unused, so flipping one of those
            // keeps the bytes the same and changes only the text.
            const string Base64UrlAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
            var texts = good["msphub-licence.v1.".Length..].Split('.');
            var strayBits = texts[1][..^1] + Base64UrlAlphabet[Base64UrlAlphabet.IndexOf(texts[1][^1], StringComparison.Ordinal) ^ 1];
            return new()
            {
                { "white space inside the payload", $"msphub-licence.v1.{texts[0][..10]} \n{texts[0][10..]}.{texts[1]}", LicenceProblem.Malformed },
                { "stray bits in the signature's last character", $"msphub-licence.v1.{texts[0]}.{strayBits}", LicenceProblem.Malformed },
                { "signature truncated", Join(payload, signature[..40]), LicenceProblem.BadSignature },
                { "signature of another key", LicenceIssuer.Issue(Sample, Other.Private), LicenceProblem.BadSignature },
                { "expired", LicenceIssuer.Issue(Sample with { IssuedAt = Now.AddDays(-400), ExpiresAt = Now.AddDays(-35) }, Vendor.Private), LicenceProblem.Expired },
                { "not yet valid", LicenceIssuer.Issue(Sample with { IssuedAt = Now.AddDays(2), ExpiresAt = Now.AddDays(400) }, Vendor.Private), LicenceProblem.NotYetValid },
                { "negative limit", SignTerms(Sample with { MaxTenants = -1 }), LicenceProblem.Invalid },
                { "signed, but not JSON", SignRaw("this is not json"), LicenceProblem.Malformed },
                { "signed JSON of something else", SignRaw("{\"hello\":\"world\"}"), LicenceProblem.Malformed },
                { "not a licence at all", "hello", LicenceProblem.Malformed },
                { "prefix only", "msphub-licence.v1.", LicenceProblem.Malformed },
                { "not base64url", "msphub-licence.v1.!!!.???", LicenceProblem.Malformed },
                { "empty", "  ", LicenceProblem.Missing },
                { "none", null, LicenceProblem.Missing },
            };
        }
    }

    [Theory]
    [MemberData(nameof(BadDocuments))]
    public void Refuse_bad_documents_with_the_reason(string why, string? document, LicenceProblem problem)
    {
        var verification = Verify(document);

        Assert.False(verification.IsValid, why);
        Assert.Equal(problem, verification.Problem);
        Assert.False(string.IsNullOrWhiteSpace(verification.Detail));
    }

    [Theory]
    [InlineData("not a key")]
    [InlineData("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----")]
    public void Refuse_a_public_key_that_is_not_ECDSA_PEM(string key) =>
        Assert.Throws<ArgumentException>(() => new LicenceVerifier(key));

    // A private key verifies licences as well as the public one does, so nothing else would ever tell that a host holds it.
    [Fact]
    public void Refuse_the_vendors_private_key_given_as_the_public_one()
    {
        var refused = Assert.Throws<ArgumentException>(() => new LicenceVerifier(Vendor.Private));

        Assert.Contains("private key", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Accept_a_licence_signed_earlier_with_a_quota_default_above_its_cap()
    {
        var aboveCap = Sample with { DefaultQuotas = new Dictionary<string, long> { ["automs"] = 10 }, MaxQuotas = new Dictionary<string, long> { ["automs"] = 5 } };

        Assert.True(Verify(SignTerms(aboveCap)).IsValid);
    }

    [Fact]
    public void Refuse_to_sign_terms_that_contradict_themselves_or_with_a_public_key()
    {
        var aboveCap = Sample with { DefaultQuotas = new Dictionary<string, long> { ["automs"] = 10 }, MaxQuotas = new Dictionary<string, long> { ["automs"] = 5 } };

        Assert.Contains("default for quota 'automs' (10) is above its cap (5)", Assert.Throws<ArgumentException>(() => LicenceIssuer.Issue(aboveCap, Vendor.Private)).Message, StringComparison.Ordinal);
        Assert.Contains("negative limit", Assert.Throws<ArgumentException>(() => LicenceIssuer.Issue(Sample with { MaxTenants = -1 }, Vendor.Private)).Message, StringComparison.Ordinal);
        Assert.Contains("is a public key", Assert.Throws<ArgumentException>(() => LicenceIssuer.Issue(Sample, Vendor.Public)).Message, StringComparison.Ordinal);
    }

    // Shown on the licence page and in the tool: nothing that reads as something else.
    [Theory]
    [InlineData("Northwind\nMSP")]
    [InlineData("Northwind\u202E PSM")]
    [InlineData("Northwind\0")]
    public void Refuse_to_sign_a_licensee_that_is_not_plain_text_on_one_line(string licensee)
    {
        var refused = Assert.Throws<ArgumentException>(() => LicenceIssuer.Issue(Sample with { Licensee = licensee }, Vendor.Private));

        Assert.Contains("The licensee is shown to the MSP's staff", refused.Message, StringComparison.Ordinal);
    }

    // Terms the issuer refuses to sign, signed anyway, as a forger with the vendor's key (or an older issuer) would.
    private static string SignTerms(Licence licence) => SignRaw(System.Text.Json.JsonSerializer.Serialize(licence, Web));

    private static (byte[] Payload, byte[] Signature) Split(string document)
    {
        var parts = document["msphub-licence.v1.".Length..].Split('.');
        return (Base64Url.DecodeFromChars(parts[0]), Base64Url.DecodeFromChars(parts[1]));
    }

    private static string Join(byte[] payload, byte[] signature) =>
        $"msphub-licence.v1.{Base64Url.EncodeToString(payload)}.{Base64Url.EncodeToString(signature)}";

    private static string SignRaw(string payload)
    {
        using var key = System.Security.Cryptography.ECDsa.Create();
        key.ImportFromPem(Vendor.Private);
        var bytes = Encoding.UTF8.GetBytes(payload);
        return Join(bytes, key.SignData(bytes, System.Security.Cryptography.HashAlgorithmName.SHA256));
    }
}
