using Microsoft.Extensions.DependencyInjection;
using MspHub.Licensing;

namespace MspHub.EntityFramework.Tests.Audit;

/// <summary>
/// The operations MspHub records besides access and lifecycle: feature toggles, quota limits, branding and imports,
/// each in the transaction of its change, so a change whose record fails is not made either.
/// </summary>
public abstract class RecordedOperationsSuite(DatabaseProvider provider) : IAsyncLifetime
{
    private readonly FailingAuditHook _hook = new();
    private TestHub _hub = null!;

    public async Task InitializeAsync() =>
        _hub = await TestHub.CreateAsync(provider, configure: hub => hub
            .AddLicensing(TestLicences.Install(TestLicences.Licence(features: ["vault", "reports"])))
            .Services.AddSingleton<IAuditHook>(_hook));

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    private async Task<T> WithAsync<TService, T>(Func<TService, Task<T>> act)
        where TService : notnull
    {
        await using var scope = _hub.Services.CreateAsyncScope();
        return await act(scope.ServiceProvider.GetRequiredService<TService>());
    }

    [DatabaseFact]
    public async Task Record_a_feature_toggle_in_the_tenants_chain_or_make_neither()
    {
        _hook.FailOn = AuditActions.FeatureSet;
        await Assert.ThrowsAsync<InvalidOperationException>(() => WithAsync<ITenantFeatures, Tenant>(f => f.SetAsync(_hub.A.Id, "reports", enabled: false)));
        Assert.DoesNotContain("reports", (await WithAsync<ITenantStore, Tenant?>(s => s.FindByIdAsync(_hub.A.Id).AsTask()))!.DisabledFeatures);
        Assert.DoesNotContain(await _hub.AuditRecordsAsync(_hub.A.Id), r => r.Action == AuditActions.FeatureSet);

        _hook.FailOn = null;
        await WithAsync<ITenantFeatures, Tenant>(f => f.SetAsync(_hub.A.Id, "reports", enabled: false));

        var record = Assert.Single(await _hub.AuditRecordsAsync(_hub.A.Id), r => r.Action == AuditActions.FeatureSet);
        Assert.Equal(("feature", "reports", "off"), (record.TargetType, record.TargetId, record.Detail["choice"]));
        Assert.Contains("reports", (await WithAsync<ITenantStore, Tenant?>(s => s.FindByIdAsync(_hub.A.Id).AsTask()))!.DisabledFeatures);
    }

    [DatabaseFact]
    public async Task Record_a_quota_limit_in_the_tenants_chain_or_make_neither()
    {
        var before = (await WithAsync<IQuotaCounter, QuotaUsage>(q => q.GetUsageAsync(_hub.A.Id, "automs"))).Limit;
        _hook.FailOn = AuditActions.QuotaLimitSet;
        await Assert.ThrowsAsync<InvalidOperationException>(() => WithAsync<IQuotaCounter, bool>(async q => { await q.SetLimitAsync(_hub.A.Id, "automs", 3); return true; }));
        Assert.Equal(before, (await WithAsync<IQuotaCounter, QuotaUsage>(q => q.GetUsageAsync(_hub.A.Id, "automs"))).Limit);
        Assert.NotEqual(3, before);

        _hook.FailOn = null;
        await WithAsync<IQuotaCounter, bool>(async q => { await q.SetLimitAsync(_hub.A.Id, "automs", 3); return true; });

        Assert.Equal(3, (await WithAsync<IQuotaCounter, QuotaUsage>(q => q.GetUsageAsync(_hub.A.Id, "automs"))).Limit);
        var record = Assert.Single(await _hub.AuditRecordsAsync(_hub.A.Id), r => r.Action == AuditActions.QuotaLimitSet);
        Assert.Equal(("quota", "automs", "3"), (record.TargetType, record.TargetId, record.Detail["limit"]));
        Assert.DoesNotContain(await _hub.AuditRecordsAsync(_hub.B.Id), r => r.Action == AuditActions.QuotaLimitSet);
    }

    [DatabaseFact]
    public async Task Record_branding_changes_of_a_tenant_and_of_the_msp()
    {
        var logo = TestImages.Png(2, 2, 1, 2, 3);
        await WithAsync<IBrandingService, Branding>(b => b.SetAsync(_hub.A.Id, "#112233", null, "A's hub"));
        var withLogo = await WithAsync<IBrandingService, Branding>(b => b.SetLogoAsync(_hub.A.Id, logo));
        await WithAsync<IBrandingService, Branding>(b => b.SetAsync(null, "#445566", null, "The MSP"));

        var tenant = (await _hub.AuditRecordsAsync(_hub.A.Id)).Where(r => r.Action == AuditActions.BrandingChanged).ToList();
        Assert.Equal(["label", "logo"], tenant.Select(r => r.Detail["part"]));
        Assert.Equal(withLogo.LogoSha256, tenant[1].Detail["logo-sha256"]);
        Assert.Equal("msp", Assert.Single(await _hub.AuditRecordsAsync(null), r => r.Action == AuditActions.BrandingChanged).TargetId);

        _hook.FailOn = AuditActions.BrandingChanged;
        await Assert.ThrowsAsync<InvalidOperationException>(() => WithAsync<IBrandingService, Branding>(b => b.SetAsync(_hub.A.Id, "#000000", null, "Never")));
        Assert.Equal("A's hub", (await WithAsync<IBrandingService, Branding>(b => b.ResolveAsync(_hub.A).AsTask())).Title);
    }

    [DatabaseFact]
    public async Task Record_an_import_with_its_counts_and_not_a_dry_run()
    {
        var batch = new ImportBatch("psa", [new ImportedTenant("C-1", "contoso", "Contoso")], [new ImportedUser("U-1", "alice@contoso", ["C-1"])]);
        await WithAsync<ITenantImport, ImportReport>(i => i.ImportAsync(batch, dryRun: true));
        Assert.DoesNotContain(await _hub.AuditRecordsAsync(null), r => r.Action == AuditActions.TenantsImported);

        await WithAsync<ITenantImport, ImportReport>(i => i.ImportAsync(batch));
        await WithAsync<ITenantImport, ImportReport>(i => i.ImportAsync(batch));

        var imports = (await _hub.AuditRecordsAsync(null)).Where(r => r.Action == AuditActions.TenantsImported).ToList();
        Assert.Equal(2, imports.Count);
        Assert.Equal(("psa", "1", "1", "1"), (imports[0].TargetId, imports[0].Detail["tenants-created"], imports[0].Detail["users-created"], imports[0].Detail["memberships-created"]));
        Assert.Equal(("0", "1"), (imports[1].Detail["tenants-created"], imports[1].Detail["tenants-unchanged"]));
    }
}

public sealed class SqliteRecordedOperationsShould() : RecordedOperationsSuite(DatabaseProvider.Sqlite);

[RequiresPostgres]
public sealed class PostgresRecordedOperationsShould() : RecordedOperationsSuite(DatabaseProvider.Postgres);
