using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace MspHub.Abstractions.Tests.Audit;

/// <summary>The retention snippets of docs/audit.md, run as a host would: configure, let the worker prune on start, verify what is left and the archive.</summary>
public sealed class AuditRetentionDocsShould
{
    [Fact]
    public async Task Prune_through_the_worker_as_the_page_shows()
    {
        var key = TestAuditKey.Create("audit-2026-11");
        var clock = TestClock.Create();
        var tenant = Tenant.Create("contoso", "Contoso");
        var archiveFolder = Path.Combine(Path.GetTempPath(), "msphub-archive-" + Guid.NewGuid().ToString("N"));
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddSingleton<TimeProvider>(clock);
        builder.Services.AddMspHub(hub =>
        {
            hub.AddInMemoryTenantStore(tenant).AddAuditCheckpoints(key.Signing(everyRecords: 2));
            // docs: audit.md#retention
            hub.AddAuditRetention(o =>
            {
                o.KeepFor = TimeSpan.FromDays(400);   // records older than this are archived, then pruned
                o.ArchiveFolder = archiveFolder;      // one JSON Lines file per chain and range
            });
            // end docs
        });
        builder.Services.AddHostedService<AuditRetentionWorker>();
        using var host = builder.Build();
        try
        {
            await using (var scope = host.Services.CreateAsyncScope())
            {
                for (var i = 0; i < 4; i++)
                {
                    await scope.ServiceProvider.GetRequiredService<IAuditLog>().RecordAsync(new AuditEntry("sample.autom.created", tenant.Id));
                }
            }

            clock.Advance(TimeSpan.FromDays(401));
            await host.StartAsync();
            var pruned = await WaitForPruneAsync(host.Services, tenant.Id);
            await host.StopAsync();
            var archived = Path.Combine(archiveFolder, pruned.Detail["archive"]);

            await using var check = host.Services.CreateAsyncScope();
            var verification = await check.ServiceProvider.GetRequiredService<IAuditLog>().VerifyAsync(tenant.Id);
            Assert.True(verification.IsIntact, verification.Message);
            Assert.Equal(2, verification.RecordsChecked);     // record 4 and the record of the prune; 1 to 3 are archived
            await using var file = File.OpenRead(archived);
            Assert.Equal(3, (await AuditExportVerifier.VerifyAsync(file, [key.PublicKeyPem])).RecordsChecked);
        }
        finally
        {
            if (Directory.Exists(archiveFolder))
            {
                Directory.Delete(archiveFolder, recursive: true);
            }
        }
    }

    // The worker prunes on start, in the background: wait for the record of the prune.
    private static async Task<AuditRecord> WaitForPruneAsync(IServiceProvider services, Guid tenantId)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var store = services.GetRequiredService<IAuditStore>();
        while (true)
        {
            var found = await store.QueryAsync(new AuditQuery { TenantId = tenantId, Action = AuditActions.AuditPruned, PageSize = 1 }, timeout.Token);
            if (found.Count > 0)
            {
                return found[0];
            }

            await Task.Delay(20, timeout.Token);
        }
    }
}
