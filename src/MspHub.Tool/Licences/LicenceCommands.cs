using System.Globalization;
using MspHub.Licensing;

namespace MspHub.Tool;

/// <summary>
/// The vendor's side of licensing: a signing key pair, signed licences, and a check of a licence document
/// against the public key the host ships with. Signing and verifying are <see cref="LicenceIssuer"/> and
/// <see cref="LicenceVerifier"/>, the same code the host runs, so what <c>inspect</c> accepts the host accepts.
/// </summary>
internal static class LicenceCommands
{
    // A hundred years: a licence longer than that is a typo, and past it the expiry date overflows soon enough.
    private const int MaxDays = 36_500;
    private const string PrivateKeyFile = "licence-private.pem";
    private const string PublicKeyFile = "licence-public.pem";

    /// <summary>The <c>licence</c> commands.</summary>
    public static IReadOnlyList<Command> All { get; } =
    [
        new(
            "licence keygen",
            $"Create a licence signing key pair: {PrivateKeyFile} (keep it secret) and {PublicKeyFile} (ship it with the host).",
            [new("<dir>", "The directory to write the two files to; created when missing.")],
            [],
            (arguments, console, _) => Task.FromResult(KeyGen(arguments.Positionals[0], console))),
        new(
            "licence issue",
            "Sign a licence with the vendor's private key.",
            [],
            [
                new("key", "<private.pem>", "The vendor's private key, from 'msphub licence keygen'.", Required: true),
                new("licensee", "<name>", "Who the licence is for.", Required: true),
                new("edition", "<edition>", "The edition, e.g. msp.", Required: true),
                new("max-tenants", "<n>", "How many tenants the host may have.", Required: true),
                new("feature", "<name>", "A feature the licence allows.", Repeatable: true),
                new("quota", "<name>=<limit>", "A default per-tenant quota.", Repeatable: true),
                new("max-quota", "<name>=<limit>", "The most any one tenant may be given of a quota.", Repeatable: true),
                new("days", "<n>", "How long the licence is valid, from now: 1 to 36500 days. Default 365."),
                new("id", "<id>", "The licence id. Default lic-<new id>."),
                new("out", "<file>", "Write the licence to this file instead of standard output."),
            ],
            (arguments, console, _) => Task.FromResult(Issue(arguments, console))),
        new(
            "licence inspect",
            "Verify a licence against the vendor's public key and the clock, and show what it grants. Exits 1 when it is not valid.",
            [new("<licence file>", "The licence document.")],
            [new("key", "<public.pem>", "The vendor's public key, as the host has it.", Required: true)],
            (arguments, console, _) => Task.FromResult(Inspect(arguments.Positionals[0], arguments.Required("key"), console))),
    ];

    private static int KeyGen(string directory, ToolConsole console)
    {
        Directory.CreateDirectory(directory);
        var (privateKey, publicKey) = LicenceIssuer.CreateKeyPair();
        var privatePath = Path.Combine(directory, PrivateKeyFile);
        var publicPath = Path.Combine(directory, PublicKeyFile);
        if (File.Exists(privatePath) || File.Exists(publicPath))
        {
            throw new IOException($"{directory} already holds a key pair; a new one would leave every licence signed with it unverifiable. Choose another directory.");
        }

        // Created readable by the owner alone, never briefly readable by others before a change of mode.
        var secret = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            secret.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var writer = new StreamWriter(privatePath, secret))
        {
            writer.Write(privateKey);
        }

        File.WriteAllText(publicPath, publicKey);

        console.Out.WriteLine($"wrote {privatePath} (keep it secret) and {publicPath} (ship it with the host)");
        return ExitCodes.Ok;
    }

    private static int Issue(ParsedArguments arguments, ToolConsole console)
    {
        var now = console.Time.GetUtcNow();
        var licence = new Licence
        {
            LicenceId = arguments.Option("id") ?? $"lic-{Guid.CreateVersion7():N}",
            Licensee = arguments.Required("licensee"),
            Edition = arguments.Required("edition"),
            MaxTenants = arguments.Int32("max-tenants", fallback: 0, minimum: 0),
            Features = [.. arguments.Options("feature")],
            DefaultQuotas = Quotas(arguments, "quota"),
            MaxQuotas = Quotas(arguments, "max-quota"),
            IssuedAt = now,
            ExpiresAt = now.AddDays(arguments.Int32("days", fallback: 365, minimum: 1, maximum: MaxDays)),
        };
        var document = LicenceIssuer.Issue(licence, ToolFiles.ReadText(arguments.Required("key"), "--key"));
        if (arguments.Option("out") is { } path)
        {
            File.WriteAllText(path, document + Environment.NewLine);
            console.Out.WriteLine($"wrote {path}: {licence.LicenceId} for {licence.Licensee}, {licence.Edition}, {licence.MaxTenants} tenants, until {licence.ExpiresAt:u}");
        }
        else
        {
            console.Out.WriteLine(document);
        }

        return ExitCodes.Ok;
    }

    private static int Inspect(string path, string keyPath, ToolConsole console)
    {
        using var verifier = new LicenceVerifier(ToolFiles.ReadText(keyPath, "--key"));
        var verification = verifier.Verify(ToolFiles.ReadText(path, "The licence"), console.Time.GetUtcNow());
        if (verification.Licence is not { } licence)
        {
            console.Out.WriteLine($"invalid ({verification.Problem}): {verification.Detail}");
            return ExitCodes.Finding;
        }

        console.Out.WriteLine($"valid: {licence.LicenceId}");
        console.Out.WriteLine($"  licensee     {licence.Licensee}");
        console.Out.WriteLine($"  edition      {licence.Edition}");
        console.Out.WriteLine($"  max tenants  {licence.MaxTenants}");
        console.Out.WriteLine($"  features     {Listed(licence.Features)}");
        console.Out.WriteLine($"  quotas       {Listed(licence.DefaultQuotas.Select(q => $"{q.Key}={q.Value}"))}");
        console.Out.WriteLine($"  quota caps   {Listed(licence.MaxQuotas.Select(q => $"{q.Key}={q.Value}"))}");
        console.Out.WriteLine($"  valid        {licence.IssuedAt:u} to {licence.ExpiresAt:u}");
        return ExitCodes.Ok;
    }

    // An empty line would read as output cut short.
    private static string Listed(IEnumerable<string> items) => string.Join(", ", items) is { Length: > 0 } listed ? listed : "none";

    // Each --<option> <name>=<limit> once per name.
    private static Dictionary<string, long> Quotas(ParsedArguments arguments, string option) =>
        arguments.Options(option).Select(text => ParseQuota(option, text)).GroupBy(q => q.Name)
            .ToDictionary(g => g.Key, g => g.Count() == 1 ? g.Single().Limit : throw new UsageException($"--{option} {g.Key} was given more than once."));

    private static (string Name, long Limit) ParseQuota(string option, string text) =>
        text.Split('=') is [{ Length: > 0 } name, var limit] && long.TryParse(limit, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= 0
            ? (name, value)
            : throw new UsageException($"--{option} '{text}' is not <name>=<limit> with a limit of 0 or more.");
}
