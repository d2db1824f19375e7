using System.Globalization;
using MspHub.Licensing;

namespace MspHub.LicenseTool;

/// <summary>
/// The vendor's licence tool:
/// <code>
/// msphub-licence keygen &lt;dir&gt;                     writes licence-private.pem and licence-public.pem
/// msphub-licence issue --key &lt;private.pem&gt; --licensee "Northwind MSP" --edition msp --max-tenants 50
///                      [--feature vault]... [--quota automs=10]... [--days 365] [--id lic-0001] [--out licence.txt]
/// msphub-licence inspect &lt;licence.txt&gt; --key &lt;public.pem&gt;
/// </code>
/// </summary>
public static class LicenceTool
{
    public static int Run(string[] args, TextWriter output, TextWriter error, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        ArgumentNullException.ThrowIfNull(time);
        try
        {
            return args switch
            {
                ["keygen", var directory] => KeyGen(directory, output),
                ["issue", .. var options] => Issue(Options(options), output, time),
                ["inspect", var path, .. var options] => Inspect(path, Options(options), output, time),
                _ => Usage(error),
            };
        }
        catch (Exception failure) when (failure is ArgumentException or IOException or FormatException or KeyNotFoundException)
        {
            error.WriteLine($"error: {failure.Message}");
            return 1;
        }
    }

    private static int KeyGen(string directory, TextWriter output)
    {
        Directory.CreateDirectory(directory);
        var (privateKey, publicKey) = LicenceIssuer.CreateKeyPair();
        var privatePath = Path.Combine(directory, "licence-private.pem");
        File.WriteAllText(privatePath, privateKey);
        File.WriteAllText(Path.Combine(directory, "licence-public.pem"), publicKey);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(privatePath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        output.WriteLine($"wrote {privatePath} (keep it secret) and {Path.Combine(directory, "licence-public.pem")} (ship it with the host)");
        return 0;
    }

    private static int Issue(ILookup<string, string> options, TextWriter output, TimeProvider time)
    {
        var now = time.GetUtcNow();
        var licence = new Licence
        {
            LicenceId = options["id"].LastOrDefault() ?? $"lic-{Guid.CreateVersion7():N}",
            Licensee = Required(options, "licensee"),
            Edition = Required(options, "edition"),
            MaxTenants = int.Parse(Required(options, "max-tenants"), CultureInfo.InvariantCulture),
            Features = [.. options["feature"]],
            DefaultQuotas = options["quota"].Select(ParseQuota).ToDictionary(q => q.Name, q => q.Limit),
            IssuedAt = now,
            ExpiresAt = now.AddDays(int.Parse(options["days"].LastOrDefault() ?? "365", CultureInfo.InvariantCulture)),
        };
        var document = LicenceIssuer.Issue(licence, File.ReadAllText(Required(options, "key")));
        if (options["out"].LastOrDefault() is { } path)
        {
            File.WriteAllText(path, document + Environment.NewLine);
            output.WriteLine($"wrote {path}: {licence.LicenceId} for {licence.Licensee}, {licence.Edition}, {licence.MaxTenants} tenants, until {licence.ExpiresAt:u}");
        }
        else
        {
            output.WriteLine(document);
        }

        return 0;
    }

    private static int Inspect(string path, ILookup<string, string> options, TextWriter output, TimeProvider time)
    {
        using var verifier = new LicenceVerifier(File.ReadAllText(Required(options, "key")));
        var verification = verifier.Verify(File.ReadAllText(path), time.GetUtcNow());
        if (verification.Licence is not { } licence)
        {
            output.WriteLine($"invalid ({verification.Problem}): {verification.Detail}");
            return 2;
        }

        output.WriteLine($"valid: {licence.LicenceId}");
        output.WriteLine($"  licensee     {licence.Licensee}");
        output.WriteLine($"  edition      {licence.Edition}");
        output.WriteLine($"  max tenants  {licence.MaxTenants}");
        output.WriteLine($"  features     {string.Join(", ", licence.Features)}");
        output.WriteLine($"  quotas       {string.Join(", ", licence.DefaultQuotas.Select(q => $"{q.Key}={q.Value}"))}");
        output.WriteLine($"  valid        {licence.IssuedAt:u} to {licence.ExpiresAt:u}");
        return 0;
    }

    private static ILookup<string, string> Options(string[] args)
    {
        if (args.Length % 2 != 0 || args.Where((_, i) => i % 2 == 0).Any(name => !name.StartsWith("--", StringComparison.Ordinal)))
        {
            throw new ArgumentException("options come in pairs: --name value");
        }

        return args.Chunk(2).ToLookup(pair => pair[0][2..], pair => pair[1], StringComparer.Ordinal);
    }

    private static string Required(ILookup<string, string> options, string name) =>
        options[name].LastOrDefault() ?? throw new ArgumentException($"--{name} is required");

    private static (string Name, long Limit) ParseQuota(string text) =>
        text.Split('=') is [var name, var limit] && long.TryParse(limit, CultureInfo.InvariantCulture, out var value)
            ? (name, value)
            : throw new FormatException($"--quota '{text}' is not name=limit");

    private static int Usage(TextWriter error)
    {
        error.WriteLine("""
            usage:
              msphub-licence keygen <dir>
              msphub-licence issue --key <private.pem> --licensee <name> --edition <edition> --max-tenants <n>
                                   [--feature <name>]... [--quota <name>=<limit>]... [--days <n>] [--id <id>] [--out <file>]
              msphub-licence inspect <licence file> --key <public.pem>
            """);
        return 64;
    }
}
