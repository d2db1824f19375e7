using Microsoft.Extensions.DependencyInjection;

namespace MspHub.Abstractions.Tests.Audit;

/// <summary>
/// A subtree search over the in-memory stores: MSP → Contoso → Contoso Leeds → Leeds DC, beside Fabrikam. The same
/// order and paging as on a database, from the in-memory audit store's per-chain pages.
/// </summary>
public sealed class AuditSubtreeSearchShould : IAsyncDisposable
{
    private const string Sample = "sample.subtree.thing";
    private static readonly DateTimeOffset T0 = new(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);
    private static readonly Tenant Msp = Tenant.Create("msp", "MSP");
    private static readonly Tenant Contoso = Tenant.Create("contoso", "Contoso", parentId: Msp.Id);
    private static readonly Tenant ContosoLeeds = Tenant.Create("contoso-leeds", "Contoso Leeds", parentId: Contoso.Id);
    private static readonly Tenant LeedsDc = Tenant.Create("leeds-dc", "Leeds DC", parentId: ContosoLeeds.Id);
    private static readonly Tenant Fabrikam = Tenant.Create("fabrikam", "Fabrikam", parentId: Msp.Id);
    private readonly HubUser _mspAdmin = HubUser.Create("msp-admin", SystemRole.MspAdmin);
    private readonly ServiceProvider _services;

    public AuditSubtreeSearchShould()
    {
        _services = Hub.Build(hub => hub.AddInMemoryTenantStore(Msp, Contoso, ContosoLeeds, LeedsDc, Fabrikam).AddInMemoryAccessStore());
        _services.GetRequiredService<InMemoryAccessStore>().AddUserAsync(_mspAdmin).GetAwaiter().GetResult();
    }

    public ValueTask DisposeAsync() => _services.DisposeAsync();

    [Fact]
    public async Task Page_the_root_child_and_grandchild_newest_first_through_ties_and_never_a_parent_or_sibling()
    {
        var store = _services.GetRequiredService<IAuditStore>();
        var expected = new List<AuditRecord>();
        foreach (var tenant in new[] { Contoso, ContosoLeeds, LeedsDc })
        {
            expected.Add(await store.AppendAsync(Draft(tenant, T0.AddSeconds(-1)), null));
            for (var i = 0; i < 3; i++)
            {
                expected.Add(await store.AppendAsync(Draft(tenant, T0), null));
            }

            // Appended last, stamped first: a chain's order is by time before sequence number.
            expected.Add(await store.AppendAsync(Draft(tenant, T0.AddSeconds(-2)), null));
        }

        foreach (var outside in new[] { Msp, Fabrikam })
        {
            await store.AppendAsync(Draft(outside, T0), null);
        }

        var order = expected.OrderByDescending(r => r.OccurredAt).ThenByDescending(r => r.TenantId).ThenByDescending(r => r.Sequence)
            .Select(r => (r.TenantId, r.Sequence)).ToList();
        foreach (var size in new[] { 1, 2, 3, 4, 6 })
        {
            var read = new List<AuditRecord>();
            AuditSubtreeCursor? after = null;
            do
            {
                await using var scope = _services.CreateAsyncScope();
                var page = await scope.ServiceProvider.GetRequiredService<IAuditLog>().QuerySubtreeAsync(
                    new AuditSubtreeQuery { RootId = Contoso.Id, Action = Sample, PageSize = size, After = after }, _mspAdmin.Id);
                read.AddRange(page.Items);
                after = page.Next;
            }
            while (after is not null);

            Assert.Equal(order, read.Select(r => (r.TenantId, r.Sequence)).ToList());
        }

        var searched = (await store.QueryAsync(new AuditQuery { TenantId = Contoso.Id, Action = AuditActions.AuditSubtreeSearched, PageSize = 50 })).Count;
        Assert.True(searched >= 5, $"{searched} searches recorded in the root's chain.");
    }

    [Theory]
    [InlineData("")]
    [InlineData("1.2")]
    [InlineData("x.00000000000000000000000000000001.1")]
    [InlineData("1.not-a-guid.1")]
    [InlineData("1.00000000000000000000000000000001.0")]
    [InlineData("99999999999999999999.00000000000000000000000000000001.1")]
    public void Refuse_text_that_is_no_position(string token)
    {
        Assert.False(AuditSubtreeCursor.TryParse(token, out _));
    }

    private static AuditRecord Draft(Tenant tenant, DateTimeOffset at) =>
        new() { TenantId = tenant.Id, OccurredAt = at, Actor = AuditActor.System, Action = Sample };
}
