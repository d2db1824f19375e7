using System.Globalization;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using MspHub.EntityFramework;

namespace MspHub.Tool;

/// <summary>
/// The audit log outside the host: <c>export</c> writes one chain as JSON Lines through
/// <see cref="IAuditLog.ExportAsync(AuditExport, AuditReader, Stream, CancellationToken)"/> (the same access check, and the export itself recorded in the chain), and
/// <c>verify</c> checks such a file with <see cref="AuditExportVerifier"/> alone, without the database, which is
/// what an auditor or a customer receiving the file has.
/// </summary>
internal static class AuditCommands
{
    /// <summary>The <c>audit</c> commands.</summary>
    public static IReadOnlyList<Command> All { get; } =
    [
        new(
            "audit export",
            "Export one audit chain (a tenant's, or the MSP-level one) as JSON Lines or OSCAL. The export is recorded in the chain under the --as user.",
            [],
            [
                ToolDatabase.ConnectionOption,
                ToolDatabase.ProviderOption,
                new("tenant", "<slug>", "Export this tenant's chain."),
                new("msp", null, "Export the MSP-level chain instead."),
                new("as", "<user id>", "The id of the active MSP admin the export is made and recorded as.", Required: true),
                new("from", "<time>", "Records from this time (inclusive), e.g. 2026-11-01 or 2026-11-01T08:00:00Z; UTC unless an offset is given."),
                new("to", "<time>", "Records before this time (exclusive)."),
                new("format", "jsonl|oscal", "JSON Lines, which 'msphub audit verify' checks (the default), or an OSCAL 1.0.6 assessment-results document."),
                new("public-key", "<key id>=<public.pem>", "A checkpoint public key the export carries, so checkpoints signed with it verify; once per key id.", Repeatable: true),
                new("out", "<file>", "The file to write; replaced only once the export is complete.", Required: true),
            ],
            ExportAsync),
        new(
            "audit verify",
            "Verify a JSON Lines audit export offline. Exits 1 and prints the first bad line and why when it is not intact.",
            [new("<export.jsonl>", "The export.")],
            [
                new("key", "<public.pem>", "A checkpoint public key to trust, obtained from the host's operator, never from the export. "
                    + "Without one only the hash chain is checked and any checkpoint fails as signed by an unknown key.", Repeatable: true),
                new("every-records", "<n>", "The host's checkpoint EveryRecords (1000 unless given): more records than that after the last checkpoint were not appended by the host."),
                new("every", "<hh:mm:ss>", "The host's checkpoint interval Every (01:00:00 unless given; at most 36500 days)."),
                new("grace", "<hh:mm:ss>", "The host's SealGrace (01:00:00 unless given; at most 36500 days): records unsigned longer than Every and this when the export was taken mean the sealer is not running or the tail was replaced."),
            ],
            VerifyAsync),
    ];

    private static async Task<int> ExportAsync(ParsedArguments arguments, ToolConsole console, CancellationToken cancellationToken)
    {
        var database = ToolDatabase.From(arguments);
        var slug = arguments.Option("tenant");
        if ((slug is null) != arguments.Flag("msp"))
        {
            throw new UsageException("give either --tenant <slug> or --msp.");
        }

        var reader = Guid.TryParse(arguments.Required("as"), out var id)
            ? id
            : throw new UsageException($"--as '{arguments.Required("as")}' is not a user id.");
        var (from, to) = (Time(arguments, "from"), Time(arguments, "to"));
        if (to <= from)
        {
            throw new UsageException("--to must be later than --from.");
        }

        var format = arguments.Option("format") switch
        {
            null or "jsonl" => AuditExportFormat.JsonLines,
            "oscal" => AuditExportFormat.OscalAssessmentResults,
            var other => throw new UsageException($"--format '{other}' is not jsonl or oscal."),
        };
        var keyFiles = arguments.Options("public-key").Select(KeyFile).ToList();
        if (keyFiles.CountBy(k => k.KeyId).FirstOrDefault(c => c.Value > 1) is { Key: { } repeated })
        {
            throw new UsageException($"--public-key {repeated} is given twice; give each key id once.");
        }

        var path = arguments.Required("out");
        ToolFiles.RefuseFolder(path, "--out");
        var keys = keyFiles.Select(k => (k.KeyId, Pem: PublicKeyPem(k.Path, $"--public-key {k.KeyId}"))).ToList();

        var services = new ServiceCollection()
            .AddSingleton(console.Time)
            .AddSingleton(HubTables.MspHubOnly)
            .AddDbContext<HubContext>(o => database.Use(o).ReplaceService<IModelCacheKeyFactory, HubContext.ModelCacheKeyFactory>());
        services.AddMspHub(hub => hub.AddEntityFrameworkStores<HubContext>(o => o.PostgresRowLevelSecurity = database.IsPostgres));
        services.Configure<AuditCheckpointOptions>(o =>
        {
            // Verification keys only: the tool never signs, so the export's own record is left for the host's next checkpoint.
            foreach (var (keyId, pem) in keys)
            {
                o.RetiredPublicKeys[keyId] = pem;
            }
        });
        await using var provider = services.BuildServiceProvider();
        await using var scope = provider.CreateAsyncScope();
        Guid? tenantId = null;
        if (slug is not null)
        {
            var tenant = await scope.ServiceProvider.GetRequiredService<ITenantStore>().FindBySlugAsync(slug, cancellationToken).ConfigureAwait(false);
            if (tenant is null)
            {
                console.Error.WriteLine($"msphub audit export: no tenant has the slug '{slug}'.");
                return ExitCodes.Failure;
            }

            tenantId = tenant.Id;
        }

        // The tool reads as an MSP admin, the one reader who may read any chain from outside a tenant.
        if (await scope.ServiceProvider.GetRequiredService<IHubUserStore>().FindUserAsync(reader, cancellationToken).ConfigureAwait(false)
            is not { IsActive: true, SystemRole: SystemRole.MspAdmin })
        {
            console.Error.WriteLine($"msphub audit export: --as {reader} is not an active MSP admin; the tool reads audit chains as one.");
            return ExitCodes.Failure;
        }

        var partial = path + ".partial";
        try
        {
            AuditExportSummary summary;
            var file = File.Create(partial);
            await using (file.ConfigureAwait(false))
            {
                summary = await scope.ServiceProvider.GetRequiredService<IAuditLog>()
                    .ExportAsync(new AuditExport { TenantId = tenantId, From = from, To = to, Format = format }, reader, file, cancellationToken).ConfigureAwait(false);
            }

            File.Move(partial, path, overwrite: true);
            console.Out.WriteLine(summary.FirstSequence is { } first
                ? $"wrote {path}: {Chain(slug)}, records {first} to {summary.LastSequence} ({Count(summary.Records, "record")}, {Count(summary.Checkpoints, "checkpoint")})"
                : $"wrote {path}: {Chain(slug)}, no records in the range");
            return ExitCodes.Ok;
        }
        finally
        {
            File.Delete(partial);
        }
    }

    private static async Task<int> VerifyAsync(ParsedArguments arguments, ToolConsole console, CancellationToken cancellationToken)
    {
        var keys = arguments.Options("key").Select(key => PublicKeyPem(key, "--key")).ToList();
        var defaults = new AuditCheckpointOptions();
        var limits = new AuditTailLimits(
            arguments.Int32("every-records", defaults.EveryRecords, minimum: 1), Interval(arguments, "every", defaults.Every), Interval(arguments, "grace", defaults.SealGrace));
        var export = ToolFiles.OpenRead(arguments.Positionals[0], "The export");
        AuditExportVerification result;
        await using (export.ConfigureAwait(false))
        {
            result = await AuditExportVerifier.VerifyAsync(export, keys, limits, cancellationToken).ConfigureAwait(false);
        }

        var chain = result.TenantId is { } tenant ? $"tenant {tenant}'s chain" : "the MSP-level chain";
        if (!result.IsIntact)
        {
            var at = result.Sequence is { } sequence ? $" (record {sequence})" : "";
            console.Out.WriteLine($"not intact: line {result.Line}{at}: {result.Problem}: {result.Message}");
            if (result.Problem == AuditChainProblem.UnknownKey && keys.Count == 0)
            {
                // Not a sign of tampering by itself: no key was trusted, so no checkpoint could be.
                console.Out.WriteLine("  no --key was given: pass the host's checkpoint public key, obtained from its operator, to check the checkpoints.");
            }

            return ExitCodes.Finding;
        }

        console.Out.WriteLine($"intact: {chain}, {Count(result.RecordsChecked, "record")}, {Count(result.CheckpointsChecked, "checkpoint")}.");
        console.Out.WriteLine(result.SignedThroughSequence is { } signed
            ? $"  signed by a trusted key through record {signed}; any records after it are hash-chained only."
            : "  no checkpoint signed these records: they are hash-chained only, which someone able to rewrite the whole export could forge.");
        return ExitCodes.Ok;
    }

    private static string Count(long count, string noun) => count == 1 ? $"1 {noun}" : $"{count} {noun}s";

    private static string Chain(string? slug) => slug is null ? "the MSP-level chain" : $"tenant {slug}'s chain";

    private static DateTimeOffset? Time(ParsedArguments arguments, string name) =>
        arguments.Option(name) is not { } text
            ? null
            : DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
                ? time
                : throw new UsageException($"--{name} '{text}' is not a time, such as 2026-11-01 or 2026-11-01T08:00:00Z.");

    // Bounded so that Every and the grace add up without overflowing, with room to spare.
    private static TimeSpan Interval(ParsedArguments arguments, string name, TimeSpan fallback) =>
        arguments.Option(name) is not { } text
            ? fallback
            : TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var interval) && interval > TimeSpan.Zero && interval <= MaxInterval
                ? interval
                : throw new UsageException($"--{name} '{text}' is not a positive interval of at most {MaxInterval.Days} days, such as 01:00:00 or 1.00:00:00.");

    private static readonly TimeSpan MaxInterval = TimeSpan.FromDays(36_500);

    private static (string KeyId, string Path) KeyFile(string text) =>
        text.IndexOf('=', StringComparison.Ordinal) is var equals and > 0 && equals < text.Length - 1
            ? (text[..equals], text[(equals + 1)..])
            : throw new UsageException($"--public-key '{text}' is not <key id>=<public.pem>.");

    // Public keys only: the tool never holds a signing key, so a private one handed to it by mistake is refused, not used.
    private static string PublicKeyPem(string path, string option)
    {
        var pem = ToolFiles.ReadText(path, option);
        using var _ = P256Pem.ImportPublicKey(pem, $"{option}: '{path}'", option);
        return pem;
    }
}
