namespace MspHub.Abstractions.Tests.Stores;

public class InMemoryTenantStoreShould
{
    private readonly InMemoryTenantStore _store = new();

    [Fact]
    public async Task Find_tenants_by_id_and_by_slug_ignoring_case()
    {
        var tenant = Tenant.Create("contoso", "Contoso");
        await _store.AddAsync(tenant);

        Assert.Equal(tenant, await _store.FindByIdAsync(tenant.Id));
        Assert.Equal(tenant, await _store.FindBySlugAsync("CONTOSO"));
        Assert.Null(await _store.FindBySlugAsync("fabrikam"));
        Assert.Null(await _store.FindByIdAsync(Guid.CreateVersion7()));
    }

    [Fact]
    public async Task Refuse_a_second_tenant_with_the_same_slug_or_id()
    {
        var tenant = Tenant.Create("contoso", "Contoso");
        await _store.AddAsync(tenant);

        var slugClash = await Assert.ThrowsAsync<ConflictException>(() => _store.AddAsync(Tenant.Create("contoso", "Other")));
        var idClash = await Assert.ThrowsAsync<ConflictException>(() => _store.AddAsync(tenant with { Slug = "other" }));

        Assert.Equal("slug", slugClash.Field);
        Assert.Equal("id", idClash.Field);
        Assert.Equal("Contoso", (await _store.FindBySlugAsync("contoso"))!.Name);
        Assert.Null(await _store.FindBySlugAsync("other"));
    }

    [Fact]
    public async Task Move_the_slug_on_update_and_refuse_a_slug_in_use()
    {
        var contoso = Tenant.Create("contoso", "Contoso");
        var fabrikam = Tenant.Create("fabrikam", "Fabrikam");
        await _store.AddAsync(contoso);
        await _store.AddAsync(fabrikam);

        await _store.UpdateAsync(contoso.Id, t => t with { Slug = "contoso-eu" });
        await Assert.ThrowsAsync<ConflictException>(() => _store.UpdateAsync(fabrikam.Id, t => t with { Slug = "contoso-eu" }));

        Assert.Null(await _store.FindBySlugAsync("contoso"));
        Assert.Equal(contoso.Id, (await _store.FindBySlugAsync("contoso-eu"))!.Id);
        Assert.Equal("fabrikam", (await _store.FindByIdAsync(fabrikam.Id))!.Slug);
    }

    [Fact]
    public async Task Refuse_to_update_a_tenant_that_does_not_exist() =>
        await Assert.ThrowsAsync<TenantNotFoundException>(() => _store.UpdateAsync(Guid.CreateVersion7(), t => t with { Name = "Ghost" }));

    [Fact]
    public async Task Refuse_a_change_to_the_id_the_creation_time_or_the_admin_flag_and_report_the_status_it_stores()
    {
        var contoso = Tenant.Create("contoso", "Contoso");
        await _store.AddAsync(contoso);

        await Assert.ThrowsAsync<TenantOperationException>(() => _store.UpdateAsync(contoso.Id, t => t with { Id = Guid.CreateVersion7() }));
        await Assert.ThrowsAsync<TenantOperationException>(() => _store.UpdateAsync(contoso.Id, t => t with { CreatedAt = t.CreatedAt.AddDays(-1) }));
        await Assert.ThrowsAsync<TenantOperationException>(() => _store.UpdateAsync(contoso.Id, t => t with { IsAdminTenancy = true }));
        var suspended = await _store.UpdateAsync(contoso.Id, t => t with { Status = TenantStatus.Suspended });

        Assert.Equal(contoso with { Status = TenantStatus.Suspended }, suspended);
        Assert.Equal(TenantStatus.Suspended, await _store.FindStatusAsync(contoso.Id));
        Assert.Null(await _store.FindStatusAsync(Guid.CreateVersion7()));
    }

    [Fact]
    public async Task Remove_a_tenant_by_id_and_report_whether_it_existed()
    {
        var tenant = Tenant.Create("contoso", "Contoso");
        await _store.AddAsync(tenant);

        Assert.True(await _store.RemoveAsync(tenant.Id));
        Assert.False(await _store.RemoveAsync(tenant.Id));
        Assert.Null(await _store.FindBySlugAsync("contoso"));
    }

    [Fact]
    public async Task Search_sort_and_page_a_list()
    {
        var clock = TestClock.Create();
        foreach (var (slug, name) in new[] { ("acme", "Acme Corp"), ("bravo", "Bravo Ltd"), ("charlie", "Charlie ACME"), ("delta", "Delta"), ("echo-acme", "Echo") })
        {
            clock.Advance(TimeSpan.FromMinutes(1));
            await _store.AddAsync(Tenant.Create(slug, name, timeProvider: clock));
        }

        var search = await _store.ListAsync(new TenantQuery { Search = " ACME ", SortBy = TenantSortField.Slug });
        var paged = await _store.ListAsync(new TenantQuery { SortBy = TenantSortField.CreatedAt, Descending = true, Page = 2, PageSize = 2 });

        Assert.Equal(["acme", "charlie", "echo-acme"], search.Items.Select(t => t.Slug));
        Assert.Equal(3, search.TotalCount);
        Assert.Equal(["charlie", "bravo"], paged.Items.Select(t => t.Slug));
        Assert.Equal(5, paged.TotalCount);
        Assert.Equal(3, paged.TotalPages);
    }

    [Fact]
    public async Task Filter_a_list_by_status_and_parent()
    {
        var msp = Tenant.Create("msp", "MSP");
        await _store.AddAsync(msp);
        await _store.AddAsync(Tenant.Create("client-a", "Client A", msp.Id));
        await _store.AddAsync(Tenant.Create("client-b", "Client B", msp.Id) with { Status = TenantStatus.Suspended });

        var suspendedChildren = await _store.ListAsync(new TenantQuery { ParentId = msp.Id, Status = TenantStatus.Suspended });

        Assert.Equal("client-b", Assert.Single(suspendedChildren.Items).Slug);
    }

    [Theory]
    [InlineData(0, 10)]
    [InlineData(1, 0)]
    [InlineData(1, TenantQuery.MaxPageSize + 1)]
    [InlineData(TenantQuery.MaxPage + 1, 10)]
    [InlineData(int.MaxValue, TenantQuery.MaxPageSize)]
    public void Refuse_pages_out_of_range(int page, int pageSize) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new TenantQuery { Page = page, PageSize = pageSize });

    [Fact]
    public async Task Honour_cancellation()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _store.AddAsync(Tenant.Create("contoso", "Contoso"), cancelled.Token));
        Assert.Null(await _store.FindBySlugAsync("contoso"));
    }
}
