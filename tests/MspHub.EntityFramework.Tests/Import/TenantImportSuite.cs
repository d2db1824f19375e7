using Microsoft.Extensions.DependencyInjection;

namespace MspHub.EntityFramework.Tests.Import;

/// <summary>Importing tenants and users from an external system on a real database: idempotent, all or nothing, with a dry run.</summary>
public abstract class TenantImportSuite(DatabaseProvider provider) : ScopedHubSuite(provider)
{
    private static readonly ImportBatch Batch = new(
        "psa",
        [new ImportedTenant("C-200", "contoso-east", "Contoso East", ParentExternalId: "C-100"), new ImportedTenant("C-100", "contoso", "Contoso")],
        [new ImportedUser("U-1", "alice@contoso", ["C-100", "C-200"]), new ImportedUser("U-2", "bob@contoso", ["C-200"])]);

    private async Task<ImportReport> ImportAsync(ImportBatch batch, bool dryRun = false)
    {
        using var scope = Hub.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<ITenantImport>().ImportAsync(batch, dryRun);
    }

    private async Task<Tenant?> TenantAsync(string slug)
    {
        using var scope = Hub.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<ITenantStore>().FindBySlugAsync(slug);
    }

    [DatabaseFact]
    public async Task Create_tenants_parents_first_users_and_memberships_then_change_nothing_the_second_time()
    {
        var first = await ImportAsync(Batch);
        var second = await ImportAsync(Batch);

        Assert.Equal((2, 2, 3), (first.Count("tenant", ImportOutcome.Created), first.Count("user", ImportOutcome.Created), first.Count("membership", ImportOutcome.Created)));
        Assert.All(second.Changes, c => Assert.Equal(ImportOutcome.Unchanged, c.Outcome));
        var contoso = await TenantAsync("contoso");
        Assert.Equal(contoso!.Id, (await TenantAsync("contoso-east"))!.ParentId);
        var alice = first.Changes.Single(c => c.ExternalId == "U-1").LocalId;
        Assert.NotNull(await Scope.ServiceProvider.GetRequiredService<IAccessStore>().FindMembershipAsync(alice, contoso.Id));
    }

    [DatabaseFact]
    public async Task Update_what_changed_in_the_external_system()
    {
        await ImportAsync(Batch);

        var report = await ImportAsync(Batch with
        {
            Tenants = [new ImportedTenant("C-100", "contoso", "Contoso Group"), new ImportedTenant("C-200", "contoso-east", "Contoso East"), new ImportedTenant("C-300", "fabrikam", "Fabrikam")],
            Users = [new ImportedUser("U-1", "alice.smith@contoso", ["C-100"])],
        });

        Assert.Equal(ImportOutcome.Updated, report.Changes.Single(c => c.ExternalId == "C-100").Outcome);
        Assert.Equal(ImportOutcome.Updated, report.Changes.Single(c => c.ExternalId == "C-200").Outcome);
        Assert.Equal(ImportOutcome.Created, report.Changes.Single(c => c.ExternalId == "C-300").Outcome);
        Assert.Equal(ImportOutcome.Updated, report.Changes.Single(c => c.ExternalId == "U-1").Outcome);
        Assert.Equal("Contoso Group", (await TenantAsync("contoso"))!.Name);
        Assert.Null((await TenantAsync("contoso-east"))!.ParentId);
    }

    // Alice became a technician in the hub; the external system still lists her at a new client.
    [DatabaseFact]
    public async Task Give_no_membership_to_a_user_who_is_msp_staff_and_report_it_skipped()
    {
        var first = await ImportAsync(Batch);
        var alice = first.Changes.Single(c => c.ExternalId == "U-1").LocalId;
        var store = Scope.ServiceProvider.GetRequiredService<IAccessStore>();
        Assert.True(await store.TryUpdateUserAsync(alice, u => u with { SystemRole = SystemRole.Technician }));

        var report = await ImportAsync(Batch with
        {
            Tenants = [.. Batch.Tenants, new ImportedTenant("C-300", "fabrikam", "Fabrikam")],
            Users = [new ImportedUser("U-1", "alice@contoso", ["C-300"])],
        });

        var fabrikam = (await TenantAsync("fabrikam"))!;
        Assert.Equal(ImportOutcome.Skipped, report.Changes.Single(c => c.ExternalId == "U-1@C-300").Outcome);
        Assert.Null(await store.FindMembershipAsync(alice, fabrikam.Id));
        Assert.False((await store.GetAccessFactsAsync(alice, fabrikam.Id)).IsInTenant);
    }

    [DatabaseFact]
    public async Task Report_a_dry_run_and_keep_nothing()
    {
        var report = await ImportAsync(Batch, dryRun: true);

        Assert.True(report.DryRun);
        Assert.Equal(2, report.Count("tenant", ImportOutcome.Created));
        Assert.Null(await TenantAsync("contoso"));
        Assert.DoesNotContain(await Hub.AuditRecordsAsync(null), r => r.Action == AuditActions.TenantCreated);
        Assert.Equal(2, (await ImportAsync(Batch)).Count("tenant", ImportOutcome.Created));
    }

    [DatabaseFact]
    public async Task Refuse_an_inconsistent_batch_and_keep_none_of_it()
    {
        await Assert.ThrowsAsync<TenantOperationException>(() => ImportAsync(Batch with { Tenants = [.. Batch.Tenants, new ImportedTenant("C-100", "other", "Other")] }));
        await Assert.ThrowsAsync<TenantOperationException>(() => ImportAsync(Batch with { Users = [new ImportedUser("U-3", "carol", ["C-999"])] }));
        await Assert.ThrowsAsync<InvalidTenantSlugException>(() => ImportAsync(Batch with { Tenants = [new ImportedTenant("C-100", "contoso", "Contoso"), new ImportedTenant("C-400", "Not A Slug!", "Bad")] }));

        Assert.Null(await TenantAsync("contoso"));
    }

    // External ids are kept and shown as one line of text: a NUL (which PostgreSQL refuses), a line break or an empty id is
    // refused before anything is read or written.
    [DatabaseFact]
    public async Task Refuse_a_source_name_or_external_id_that_is_not_one_line_of_text()
    {
        var malformed = new[]
        {
            Batch with { System = "ps\u0000a" },
            Batch with { Tenants = [new ImportedTenant("C-1\n", "contoso", "Contoso")] },
            Batch with { Tenants = [new ImportedTenant("", "contoso", "Contoso")] },
            Batch with { Tenants = [new ImportedTenant(new string('x', 201), "contoso", "Contoso")] },
            Batch with { Users = [new ImportedUser("U-1", "alice", ["C-100\u202E"])] },
            Batch with { Users = [new ImportedUser("U-1", "alice", null!)] },
            Batch with { Tenants = [null!] },
        };

        foreach (var batch in malformed)
        {
            var refused = await Assert.ThrowsAnyAsync<ArgumentException>(() => ImportAsync(batch));
            Assert.DoesNotContain("throw", refused.Message, StringComparison.Ordinal);
        }

        Assert.Null(await TenantAsync("contoso"));
    }

    // A user renamed in the external system to a name another user holds here: the import's own transaction still
    // answers with the conflict, not the database's error, and keeps nothing of the batch.
    [DatabaseFact]
    public async Task Refuse_renaming_a_user_to_a_taken_name_with_a_conflict()
    {
        await ImportAsync(Batch);

        var refused = await Assert.ThrowsAsync<ConflictException>(() => ImportAsync(Batch with
        {
            Tenants = [.. Batch.Tenants, new ImportedTenant("C-300", "fabrikam", "Fabrikam")],
            Users = [new ImportedUser("U-1", "bob@contoso", ["C-100"]), new ImportedUser("U-2", "bob@contoso-old", ["C-200"])],
        }));

        Assert.Contains("bob@contoso", refused.Message, StringComparison.Ordinal);
        Assert.Null(await TenantAsync("fabrikam"));
    }

    [DatabaseFact]
    public async Task Refuse_a_parent_chain_deeper_than_the_hierarchy_with_a_clear_error_not_a_stack_overflow()
    {
        // Children listed before their parents, so ordering has to walk the whole chain.
        var chain = Enumerable.Range(0, 10_000).Reverse()
            .Select(i => new ImportedTenant($"T-{i}", $"chain-{i}", $"Chain {i}", i == 0 ? null : $"T-{i - 1}")).ToList();
        var circle = new[] { new ImportedTenant("R-1", "ring-1", "Ring 1", "R-2"), new ImportedTenant("R-2", "ring-2", "Ring 2", "R-1") };

        var tooDeep = await Assert.ThrowsAsync<TenantOperationException>(() => ImportAsync(new ImportBatch("psa", chain, [])));
        var ring = await Assert.ThrowsAsync<TenantOperationException>(() => ImportAsync(new ImportBatch("psa", circle, [])));

        Assert.Contains("within the batch", tooDeep.Message, StringComparison.Ordinal);
        Assert.Contains("MaxTenantDepth", tooDeep.Message, StringComparison.Ordinal);
        Assert.Contains("its own ancestor", ring.Message, StringComparison.Ordinal);
        Assert.Null(await TenantAsync("chain-0"));
    }
}

public sealed class SqliteTenantImportShould() : TenantImportSuite(DatabaseProvider.Sqlite);

[RequiresPostgres]
public sealed class PostgresTenantImportShould() : TenantImportSuite(DatabaseProvider.Postgres);
