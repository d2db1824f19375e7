using Microsoft.Extensions.DependencyInjection;

namespace MspHub.Abstractions.Tests.Audit;

/// <summary>The snippets of docs/audit.md on checkpoints and exports, run as a host would: configure, record, export to a file, verify it.</summary>
public sealed class AuditDocsShould
{
    [Fact]
    public async Task Sign_export_and_verify_a_month_of_a_tenants_chain_as_the_page_shows()
    {
        var current = TestAuditKey.Create("audit-2026-11");
        var retired = TestAuditKey.Create("audit-2026-05");
        var (signingKeyPem, retiredPublicKeyPem, trustedPublicKeyPem) = (current.PrivateKeyPem, retired.PublicKeyPem, current.PublicKeyPem);
        var tenant = Tenant.Create("contoso", "Contoso");
        var admin = HubUser.Create("msp-admin", SystemRole.MspAdmin);
        var signedInUserId = admin.Id;
        var ct = CancellationToken.None;
        var now = DateTimeOffset.UtcNow;
        var monthStart = new DateTimeOffset(now.Year, now.Month, 1, 0, 0, 0, TimeSpan.Zero);
        var path = Path.Combine(Path.GetTempPath(), $"msphub-audit-{Guid.NewGuid():N}.jsonl");
        await using var services = Hub.Build(hub =>
        {
            hub.AddInMemoryTenantStore(tenant).AddInMemoryAccessStore();
            // docs: audit.md#checkpoints
            hub.AddAuditCheckpoints(o =>
            {
                o.KeyId = "audit-2026-11";
                o.SigningKeyPem = signingKeyPem;                         // from the host's secret store, never the database
                o.RetiredPublicKeys["audit-2026-05"] = retiredPublicKeyPem; // checkpoints signed before the rotation
                o.EveryRecords = 1000;
                o.Every = TimeSpan.FromHours(1);
                o.SealGrace = TimeSpan.FromHours(1);                       // how long past Every a record may wait for its seal
            });
            // end docs
        });
        await using var scope = services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<IMspAccessManager>().AddUserAsync(admin);
        var audit = scope.ServiceProvider.GetRequiredService<IAuditLog>();
        for (var i = 0; i < 3; i++)
        {
            await audit.RecordAsync(new AuditEntry("sample.autom.created", tenant.Id) { TargetId = $"a{i}" });
        }

        try
        {
            // docs: audit.md#export
            await using var file = File.Create(path);
            var summary = await audit.ExportAsync(
                new AuditExport { TenantId = tenant.Id, From = monthStart, To = monthStart.AddMonths(1) },
                readerUserId: signedInUserId,
                file,
                ct);
            // end docs
            await file.DisposeAsync();
            Assert.Equal((3L, 1L, 3L, 1L), (summary.Records, summary.FirstSequence, summary.LastSequence, summary.Checkpoints));

            // docs: audit.md#verifying-an-export-offline
            await using var export = File.OpenRead(path);
            var hostPolicy = new AuditTailLimits(everyRecords: 1000, every: TimeSpan.FromHours(1), grace: TimeSpan.FromHours(1));
            var check = await AuditExportVerifier.VerifyAsync(export, [trustedPublicKeyPem], hostPolicy, ct);
            if (!check.IsIntact)
            {
                Console.Error.WriteLine($"Line {check.Line}, record {check.Sequence}: {check.Problem}. {check.Message}");
            }
            // end docs

            Assert.True(check.IsIntact, check.Message);
            Assert.Equal((3L, 1L), (check.RecordsChecked, check.SignedThroughSequence));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
