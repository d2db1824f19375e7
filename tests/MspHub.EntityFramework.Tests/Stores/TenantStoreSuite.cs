using Microsoft.Extensions.DependencyInjection;
using MspHub.EntityFramework.Tests.Model;
using Npgsql;

namespace MspHub.EntityFramework.Tests.Stores;

/// <summary>The EF Core tenant store, through ITenantStore as the host resolves it (behind the cache).</summary>
public abstract class TenantStoreSuite(DatabaseProvider provider) : ScopedHubSuite(provider)
{

    private ITenantStore Store => Scope.ServiceProvider.GetRequiredService<ITenantStore>();

    [DatabaseFact]
    public async Task Find_tenants_by_id_and_by_slug_ignoring_case()
    {
        Assert.Equal(Hub.A, await Store.FindByIdAsync(Hub.A.Id));
        Assert.Equal(Hub.B, await Store.FindBySlugAsync("TENANT-B"));
        Assert.Null(await Store.FindBySlugAsync("tenant-c"));
        Assert.Null(await Store.FindByIdAsync(Guid.CreateVersion7()));
    }

    [DatabaseFact]
    public async Task Round_trip_every_field()
    {
        var child = Tenant.Create("branch-1", "Branch 1", Hub.A.Id) with { Status = TenantStatus.Suspended, DisabledFeatures = ["vault", "ai-agents"] };
        var adminTenancy = Tenant.Create("hq", "HQ") with { IsAdminTenancy = true, EnabledFeatures = ["reports"] };
        await Store.AddAsync(child);
        await Store.AddAsync(adminTenancy);

        using var fresh = Hub.Services.CreateScope();
        var loaded = fresh.ServiceProvider.GetRequiredService<ITenantStore>();

        Assert.Equal(child, await loaded.FindByIdAsync(child.Id));
        Assert.Equal(adminTenancy, await loaded.FindByIdAsync(adminTenancy.Id));
    }

    [DatabaseFact]
    public async Task Refuse_duplicate_ids_and_slugs_and_keep_the_original()
    {
        var slugClash = await Assert.ThrowsAsync<ConflictException>(() => Store.AddAsync(Tenant.Create("tenant-a", "Impostor")));
        var idClash = await Assert.ThrowsAsync<ConflictException>(() => Store.AddAsync(Hub.A with { Slug = "tenant-z" }));

        Assert.Equal("slug", slugClash.Field);
        Assert.Equal("id", idClash.Field);
        Assert.Equal("Tenant A", (await Store.FindBySlugAsync("tenant-a"))!.Name);
        Assert.Null(await Store.FindBySlugAsync("tenant-z"));
    }

    [DatabaseFact]
    public async Task Join_the_hosts_transaction_and_leave_nothing_when_it_rolls_back()
    {
        var db = Scope.ServiceProvider.GetRequiredService<HubTestDb>();
        var tenant = Tenant.Create("joined", "Joined");
        await using (await db.Database.BeginTransactionAsync())
        {
            await Store.AddAsync(tenant);
            await Store.DesignateAdminTenancyAsync(tenant.Id);
            Assert.NotNull(await Store.FindBySlugAsync("joined"));
        }

        using var fresh = Hub.Services.CreateScope();
        var store = fresh.ServiceProvider.GetRequiredService<ITenantStore>();
        Assert.Null(await store.FindBySlugAsync("joined"));
        Assert.Equal(0, (await store.ListAsync(new TenantQuery { IsAdminTenancy = true })).TotalCount);
    }

    [DatabaseFact]
    public async Task Update_a_tenant_and_refuse_a_slug_in_use()
    {
        await Store.UpdateAsync(Hub.A.Id, t => t with { Slug = "tenant-a2", Name = "Renamed", Status = TenantStatus.Suspended, DisabledFeatures = ["vault"] });
        var clash = await Assert.ThrowsAsync<ConflictException>(() => Store.UpdateAsync(Hub.B.Id, t => t with { Slug = "tenant-a2" }));

        Assert.Equal("slug", clash.Field);
        Assert.Null(await Store.FindBySlugAsync("tenant-a"));
        Assert.Equal(TenantStatus.Suspended, (await Store.FindBySlugAsync("tenant-a2"))!.Status);
        Assert.Equal(["vault"], (await Store.FindBySlugAsync("tenant-a2"))!.DisabledFeatures);
        Assert.Equal("tenant-b", (await Store.FindByIdAsync(Hub.B.Id))!.Slug);
        await Assert.ThrowsAsync<TenantNotFoundException>(() => Store.UpdateAsync(Guid.CreateVersion7(), t => t with { Name = "Ghost" }));
    }

    [DatabaseFact]
    public async Task Move_the_admin_tenancy_flag_in_one_step()
    {
        await Store.DesignateAdminTenancyAsync(Hub.A.Id);
        await Store.DesignateAdminTenancyAsync(Hub.B.Id);
        await Assert.ThrowsAsync<TenantNotFoundException>(() => Store.DesignateAdminTenancyAsync(Guid.CreateVersion7()));

        var admin = await Store.ListAsync(new TenantQuery { IsAdminTenancy = true });
        Assert.Equal([Hub.B.Id], admin.Items.Select(t => t.Id));
        Assert.False((await Store.FindByIdAsync(Hub.A.Id))!.IsAdminTenancy);
    }

    [DatabaseFact]
    public async Task Remove_a_tenant_and_report_whether_it_existed()
    {
        Assert.True(await Store.RemoveAsync(Hub.B.Id));
        Assert.False(await Store.RemoveAsync(Hub.B.Id));
        Assert.Null(await Store.FindBySlugAsync("tenant-b"));
    }

    [DatabaseFact]
    public async Task Search_sort_filter_and_page()
    {
        var clock = TestClock.Create();
        foreach (var (slug, name) in new[] { ("acme", "Acme Corp"), ("bravo", "Bravo Ltd"), ("charlie", "Charlie ACME"), ("echo-acme", "Echo") })
        {
            clock.Advance(TimeSpan.FromMinutes(1));
            await Store.AddAsync(Tenant.Create(slug, name, Hub.A.Id, clock) with { Status = slug == "bravo" ? TenantStatus.Suspended : TenantStatus.Active });
        }

        var search = await Store.ListAsync(new TenantQuery { Search = "ACME", SortBy = TenantSortField.Slug });
        var newestFirst = await Store.ListAsync(new TenantQuery { ParentId = Hub.A.Id, SortBy = TenantSortField.CreatedAt, Descending = true, Page = 2, PageSize = 2 });
        var suspended = await Store.ListAsync(new TenantQuery { Status = TenantStatus.Suspended });

        Assert.Equal(["acme", "charlie", "echo-acme"], search.Items.Select(t => t.Slug));
        Assert.Equal(3, search.TotalCount);
        Assert.Equal(["bravo", "acme"], newestFirst.Items.Select(t => t.Slug));
        Assert.Equal(4, newestFirst.TotalCount);
        Assert.Equal(["bravo"], suspended.Items.Select(t => t.Slug));
    }

    [DatabaseFact]
    public async Task Report_the_same_total_from_a_full_page_a_last_page_and_a_page_past_the_end()
    {
        foreach (var i in Enumerable.Range(1, 6))
        {
            await Store.AddAsync(Tenant.Create($"paged-{i}", $"Paged {i}") with { Status = i == 4 ? TenantStatus.Suspended : TenantStatus.Active });
        }

        foreach (var sortBy in new[] { TenantSortField.Name, TenantSortField.Usage })
        {
            TenantQuery Page(int page, int size) => new() { Search = "paged", SortBy = sortBy, UsageQuota = "automs", Page = page, PageSize = size };

            // Full, full and last, past the end; then a short last page.
            PagedResult<Tenant>[] pages = [await Store.ListAsync(Page(1, 2)), await Store.ListAsync(Page(3, 2)), await Store.ListAsync(Page(4, 2)), await Store.ListAsync(Page(2, 4))];

            Assert.Equal([2, 2, 0, 2], pages.Select(p => p.Items.Count));
            Assert.All(pages, p => Assert.Equal(6, p.TotalCount));
        }

        var suspended = await Store.ListAsync(new TenantQuery { Search = "paged", Status = TenantStatus.Suspended, PageSize = 1 });
        var none = await Store.ListAsync(new TenantQuery { Search = "no such tenant" });
        var noneOnPageTwo = await Store.ListAsync(new TenantQuery { Search = "no such tenant", Page = 2 });

        Assert.Equal(("paged-4", 1), (Assert.Single(suspended.Items).Slug, suspended.TotalCount));
        Assert.Equal((0, 0), (none.Items.Count, none.TotalCount));
        Assert.Equal((0, 0), (noneOnPageTwo.Items.Count, noneOnPageTwo.TotalCount));
    }

    [DatabaseFact]
    public async Task Break_ties_by_id_in_the_sorts_direction_so_descending_is_ascending_reversed()
    {
        var clock = TestClock.Create();
        foreach (var slug in new[] { "twin-a", "twin-b", "twin-c", "twin-d" })
        {
            await Store.AddAsync(Tenant.Create(slug, "Same Name", timeProvider: clock));
        }

        foreach (var sortBy in new[] { TenantSortField.Name, TenantSortField.CreatedAt })
        {
            var ascending = await Store.ListAsync(new TenantQuery { Search = "twin", SortBy = sortBy });
            var descending = await Store.ListAsync(new TenantQuery { Search = "twin", SortBy = sortBy, Descending = true });
            var firstPage = await Store.ListAsync(new TenantQuery { Search = "twin", SortBy = sortBy, Descending = true, PageSize = 2 });

            Assert.Equal(ascending.Items.Select(t => t.Id).Reverse(), descending.Items.Select(t => t.Id));
            Assert.Equal(descending.Items.Take(2).Select(t => t.Id), firstPage.Items.Select(t => t.Id));
        }
    }

    [DatabaseFact]
    public async Task Search_for_wildcard_characters_literally()
    {
        foreach (var (slug, name) in new[] { ("percent", "Save 50% Now"), ("five-hundred", "Save 500 Now"), ("under", "A_B Ltd"), ("axb", "AxB Ltd"), ("slash", "Back\\Slash") })
        {
            await Store.AddAsync(Tenant.Create(slug, name));
        }

        Assert.Equal(["percent"], (await Store.ListAsync(new TenantQuery { Search = "50%" })).Items.Select(t => t.Slug));
        Assert.Equal(["under"], (await Store.ListAsync(new TenantQuery { Search = "a_b" })).Items.Select(t => t.Slug));
        Assert.Equal(["slash"], (await Store.ListAsync(new TenantQuery { Search = "k\\s" })).Items.Select(t => t.Slug));
    }
}

public sealed class SqliteTenantStoreShould() : TenantStoreSuite(DatabaseProvider.Sqlite);

[RequiresPostgres]
public sealed class PostgresTenantStoreShould() : TenantStoreSuite(DatabaseProvider.Postgres)
{
    // The indexes are created and dropped as the tables' owner, as a migration runs; the app role only reads.
    [DatabaseFact]
    public async Task Find_the_same_tenants_with_the_optional_trigram_indexes_and_drop_them_again()
    {
        var store = Scope.ServiceProvider.GetRequiredService<ITenantStore>();
        foreach (var (slug, name) in new[] { ("acme", "Acme Corp"), ("charlie", "Charlie ACME"), ("echo-acme", "Echo"), ("bravo", "Bravo Ltd") })
        {
            await store.AddAsync(Tenant.Create(slug, name));
        }

        var query = new TenantQuery { Search = "acme", SortBy = TenantSortField.Slug };
        var without = (await store.ListAsync(query)).Items.Select(t => t.Slug).ToList();
        await OwnerAsync(PostgresTenantSearchIndexes.CreateScript());
        await OwnerAsync(PostgresTenantSearchIndexes.CreateScript());
        var indexes = await OwnerAsync(TrigramIndexes);
        var with = (await store.ListAsync(query)).Items.Select(t => t.Slug).ToList();
        await OwnerAsync(PostgresTenantSearchIndexes.DropScript());

        Assert.Equal(["acme", "charlie", "echo-acme"], without);
        Assert.Equal(without, with);
        Assert.Equal(["IX_tenants_name_lower_trgm", "IX_tenants_slug_trgm"], indexes);
        Assert.Empty(await OwnerAsync(TrigramIndexes));
    }

    private const string TrigramIndexes = "SELECT indexname FROM pg_indexes WHERE tablename = 'tenants' AND indexdef LIKE '%gin_trgm_ops%' ORDER BY indexname";

    private async Task<List<string>> OwnerAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(Hub.OwnerConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var names = new List<string>();
        while (await reader.ReadAsync())
        {
            names.Add(reader.GetString(0));
        }

        return names;
    }
}
