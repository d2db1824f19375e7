using Microsoft.Extensions.DependencyInjection;
using MspHub.EntityFramework.Tests.Hierarchy;

namespace MspHub.EntityFramework.Tests.Audit;

/// <summary>
/// Searching the audit log of a subtree on a real database: MSP → Contoso → (Contoso Leeds → Leeds DC, Contoso York)
/// and MSP → Fabrikam → Fabrikam Leeds. A search over Contoso reads Contoso's chain and its descendants' as one log,
/// newest first, pages it without losing or repeating a record when times tie across chains, never shows the MSP's
/// or Fabrikam's records, refuses whoever the subtree scope refuses, and is itself recorded.
/// </summary>
public abstract class AuditSubtreeSearchSuite(DatabaseProvider provider) : IAsyncLifetime
{
    private const string Sample = "sample.subtree.thing";

    // Whole seconds in the past: at the stored precision, and older than anything the search itself records.
    private static readonly DateTimeOffset T0 = new(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);

    private readonly HubUser _contosoAgent = HubUser.Create("contoso-agent");
    private TestHub _hub = null!;
    private HierarchyFixture _tree = null!;
    private Tenant _leedsDc = null!;

    public async Task InitializeAsync()
    {
        _hub = await TestHub.CreateAsync(provider, configure: hub => hub.AddPermissions(p => p.Resource("audit").Action("view")));
        await WithAsync(async sp =>
        {
            _tree = await HierarchyFixture.CreateAsync(_hub, sp);
            _leedsDc = Tenant.Create("contoso-leeds-dc", "Leeds DC", parentId: _tree.ContosoLeeds.Id);
            await using (var db = _hub.NewDb())
            {
                db.Add(_leedsDc);
                await db.SaveChangesAsync();
            }

            await sp.GetRequiredService<IMspAccessManager>().AddUserAsync(_contosoAgent);
            using (_hub.In(_tree.Contoso))
            {
                var access = sp.GetRequiredService<ITenantAccessManager>();
                await access.SaveRoleAsync(new TenantRole { TenantId = _tree.Contoso.Id, Name = "Auditor", Permissions = ["audit.view"] });
                await access.SetMemberAsync(_tree.Contoso.Id, _tree.ContosoAdmin.Id, ["Auditor"], includesDescendants: true);
                await access.SetMemberAsync(_tree.Contoso.Id, _contosoAgent.Id, []);
            }

            return true;
        });
    }

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    [DatabaseFact]
    public async Task Read_the_root_child_and_grandchild_newest_first_and_nothing_of_the_parent_or_a_sibling()
    {
        await AppendAsync(_tree.Contoso, T0.AddSeconds(1), "root-1");
        await AppendAsync(_tree.ContosoLeeds, T0.AddSeconds(2), "child-1");
        await AppendAsync(_leedsDc, T0.AddSeconds(3), "grandchild-1");
        await AppendAsync(_tree.ContosoYork, T0.AddSeconds(4), "child-2");
        await AppendAsync(_tree.Contoso, T0.AddSeconds(5), "root-2");
        foreach (var outside in new[] { _tree.Msp, _tree.Fabrikam, _tree.FabrikamLeeds, _hub.A })
        {
            await AppendAsync(outside, T0.AddSeconds(6), "outside");
        }

        var page = await SearchAsync(_tree.ContosoAdmin, new AuditSubtreeQuery { RootId = _tree.Contoso.Id, Action = Sample });

        Assert.Equal(["root-2", "child-2", "grandchild-1", "child-1", "root-1"], page.Items.Select(r => r.TargetId));
        Assert.Null(page.Next);
        var byTime = await SearchAsync(_tree.ContosoAdmin, new AuditSubtreeQuery { RootId = _tree.Contoso.Id, Action = Sample, From = T0.AddSeconds(2), To = T0.AddSeconds(4) });
        Assert.Equal(["grandchild-1", "child-1"], byTime.Items.Select(r => r.TargetId));
        var byTarget = await SearchAsync(_tree.ContosoAdmin, new AuditSubtreeQuery { RootId = _tree.Contoso.Id, TargetType = "sample", TargetId = "child-2" });
        Assert.Equal(_tree.ContosoYork.Id, Assert.Single(byTarget.Items).TenantId);

        // Unfiltered, every record of the branch (membership changes, the search itself) and still none from outside it.
        var all = await SearchAsync(_tree.ContosoAdmin, new AuditSubtreeQuery { RootId = _tree.Contoso.Id, PageSize = AuditQuery.MaxPageSize });
        var branch = new[] { _tree.Contoso.Id, _tree.ContosoLeeds.Id, _tree.ContosoYork.Id, _leedsDc.Id };
        Assert.All(all.Items, r => Assert.Contains(r.TenantId!.Value, branch));
        Assert.DoesNotContain(all.Items, r => r.TargetId == "outside");
        Assert.Equal(NewestFirst(all.Items), all.Items);
        var msp = await SearchAsync(_tree.MspAdmin, new AuditSubtreeQuery { RootId = _tree.Msp.Id, Action = Sample, TargetId = "outside", TargetType = "sample" });
        Assert.Equal(new[] { _tree.Msp.Id, _tree.Fabrikam.Id, _tree.FabrikamLeeds.Id }.Order(), msp.Items.Select(r => r.TenantId!.Value).Order());
    }

    [DatabaseFact]
    public async Task Page_through_ties_in_time_across_chains_without_skipping_or_repeating_a_record()
    {
        // Four records in each of four chains at one microsecond, between records a second before and after it.
        var expected = new List<AuditRecord>();
        foreach (var tenant in new[] { _tree.Contoso, _tree.ContosoLeeds, _leedsDc, _tree.ContosoYork })
        {
            expected.Add(await AppendAsync(tenant, T0.AddSeconds(-1), $"{tenant.Slug}-before"));
            for (var i = 0; i < 4; i++)
            {
                expected.Add(await AppendAsync(tenant, T0, $"{tenant.Slug}-tie-{i}"));
            }

            expected.Add(await AppendAsync(tenant, T0.AddSeconds(1), $"{tenant.Slug}-after"));
        }

        var order = NewestFirst(expected).Select(r => (r.TenantId, r.Sequence)).ToList();
        foreach (var size in new[] { 1, 3, 4, 5, 7 })
        {
            var read = new List<AuditRecord>();
            AuditSubtreeCursor? after = null;
            do
            {
                var page = await SearchAsync(_tree.ContosoAdmin, new AuditSubtreeQuery { RootId = _tree.Contoso.Id, Action = Sample, PageSize = size, After = after });
                Assert.InRange(page.Items.Count, 1, size);
                read.AddRange(page.Items);

                // The position survives being written out as text, as the HTTP endpoint's ?after= carries it.
                after = page.Next is { } next && AuditSubtreeCursor.TryParse(next.Token, out var parsed) ? parsed : null;
                Assert.Equal(page.Next, after);
            }
            while (after is not null);

            Assert.Equal(order, read.Select(r => (r.TenantId, r.Sequence)).ToList());
        }
    }

    [DatabaseFact]
    public async Task Refuse_a_sibling_branch_the_parent_and_a_caller_without_access_to_the_root()
    {
        await AppendAsync(_tree.Fabrikam, T0, "fabrikam");

        await Assert.ThrowsAsync<SubtreeAccessDeniedException>(() => SearchAsync(_tree.ContosoAdmin, new AuditSubtreeQuery { RootId = _tree.Fabrikam.Id }));
        await Assert.ThrowsAsync<SubtreeAccessDeniedException>(() => SearchAsync(_tree.ContosoAdmin, new AuditSubtreeQuery { RootId = _tree.Msp.Id }));
        await Assert.ThrowsAsync<SubtreeAccessDeniedException>(() => SearchAsync(_tree.ContosoAdmin, new AuditSubtreeQuery { RootId = Guid.CreateVersion7() }));
        await Assert.ThrowsAsync<SubtreeAccessDeniedException>(() => SearchAsync(HubUser.Create("stranger"), new AuditSubtreeQuery { RootId = _tree.Contoso.Id }));

        // A member who may enter Contoso but not read its audit log, and an API key even holding the permission.
        await Assert.ThrowsAsync<AuditAccessDeniedException>(() => SearchAsync(_contosoAgent, new AuditSubtreeQuery { RootId = _tree.Contoso.Id }));
        var key = AuditReader.ApiKey(Guid.CreateVersion7(), _tree.Contoso.Id, ["audit.view"]);
        await Assert.ThrowsAsync<AuditAccessDeniedException>(() => WithAsync(sp => sp.GetRequiredService<IAuditLog>().QuerySubtreeAsync(new AuditSubtreeQuery { RootId = _tree.Contoso.Id }, key)));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => SearchAsync(_tree.ContosoAdmin, new AuditSubtreeQuery { RootId = _tree.Contoso.Id, PageSize = AuditQuery.MaxPageSize + 1 }));

        foreach (var tenant in new[] { _tree.Contoso, _tree.Fabrikam, _tree.Msp })
        {
            Assert.DoesNotContain(await _hub.AuditRecordsAsync(tenant.Id), r => r.Action == AuditActions.AuditSubtreeSearched);
        }
    }

    [DatabaseFact]
    public async Task Record_each_search_in_the_roots_chain_with_the_reader_as_actor()
    {
        await SearchAsync(_tree.ContosoAdmin, new AuditSubtreeQuery { RootId = _tree.Contoso.Id });

        var searched = Assert.Single(await _hub.AuditRecordsAsync(_tree.Contoso.Id), r => r.Action == AuditActions.AuditSubtreeSearched);
        Assert.Equal(AuditActor.User(_tree.ContosoAdmin.Id), searched.Actor);
        Assert.Equal(("tenant", _tree.Contoso.Id.ToString(), "4"), (searched.TargetType, searched.TargetId, searched.Detail["tenants"]));
    }

    [DatabaseFact]
    public async Task Stop_reading_a_tenant_moved_out_of_the_subtree()
    {
        await AppendAsync(_tree.ContosoYork, T0, "york");
        await AppendAsync(_tree.ContosoLeeds, T0, "leeds");
        var before = await SearchAsync(_tree.ContosoAdmin, new AuditSubtreeQuery { RootId = _tree.Contoso.Id, Action = Sample });

        await WithAsync(sp => sp.GetRequiredService<ITenantLifecycle>().MoveAsync(_tree.ContosoYork.Id, _tree.Fabrikam.Id));
        var after = await SearchAsync(_tree.ContosoAdmin, new AuditSubtreeQuery { RootId = _tree.Contoso.Id, Action = Sample });
        var fabrikam = await SearchAsync(_tree.MspAdmin, new AuditSubtreeQuery { RootId = _tree.Fabrikam.Id, Action = Sample });

        Assert.Equal(["leeds", "york"], before.Items.Select(r => r.TargetId).Order());
        Assert.Equal(["leeds"], after.Items.Select(r => r.TargetId));
        Assert.Equal(["york"], fabrikam.Items.Select(r => r.TargetId));
    }

    [DatabaseFact]
    public async Task Search_a_client_and_its_sites_as_the_page_shows()
    {
        // From outside any tenant, as the MSP adds a client's user to one of its sites.
        await WithAsync(async sp =>
        {
            await sp.GetRequiredService<ITenantAccessManager>().SetMemberAsync(_tree.ContosoLeeds.Id, _contosoAgent.Id, []);
            return true;
        });
        var (contoso, signedInUserId, ct) = (_tree.Contoso, _tree.ContosoAdmin.Id, CancellationToken.None);
        await using var scope = _hub.Services.CreateAsyncScope();
        var audit = scope.ServiceProvider.GetRequiredService<IAuditLog>();

        // docs: audit.md#across-a-subtree
        var page = await audit.QuerySubtreeAsync(
            new AuditSubtreeQuery { RootId = contoso.Id, Action = AuditActions.MemberSet, PageSize = 50 },
            signedInUserId,
            ct);
        var next = page.Next is { } after                    // null on the last page: asking with null starts over
            ? await audit.QuerySubtreeAsync(
                new AuditSubtreeQuery { RootId = contoso.Id, Action = AuditActions.MemberSet, After = after },
                signedInUserId,
                ct)
            : null;
        // end docs

        // The agent's memberships in Contoso and in its site, newest first; everything fits the first page.
        var agent = page.Items.Where(r => r.TargetId == _contosoAgent.Id.ToString()).Select(r => r.TenantId).ToList();
        Assert.Equal([_tree.ContosoLeeds.Id, _tree.Contoso.Id], agent);
        Assert.All(page.Items, r => Assert.Equal(AuditActions.MemberSet, r.Action));
        Assert.Null(page.Next);
        Assert.Null(next);
    }

    // The documented order: time, then tenant id, then sequence number, all descending.
    private static List<AuditRecord> NewestFirst(IEnumerable<AuditRecord> records) =>
        [.. records.OrderByDescending(r => r.OccurredAt).ThenByDescending(r => r.TenantId).ThenByDescending(r => r.Sequence)];

    // Straight into the chain with a chosen time, as the log would place a record stamped then.
    private Task<AuditRecord> AppendAsync(Tenant tenant, DateTimeOffset at, string target) =>
        WithAsync(sp => sp.GetRequiredService<IAuditStore>().AppendAsync(
            new AuditRecord { TenantId = tenant.Id, OccurredAt = at, Actor = AuditActor.System, Action = Sample, TargetType = "sample", TargetId = target }, null));

    private Task<AuditSubtreePage> SearchAsync(HubUser reader, AuditSubtreeQuery query) =>
        WithAsync(sp => sp.GetRequiredService<IAuditLog>().QuerySubtreeAsync(query, reader.Id));

    private async Task<T> WithAsync<T>(Func<IServiceProvider, Task<T>> action)
    {
        await using var scope = _hub.Services.CreateAsyncScope();
        return await action(scope.ServiceProvider);
    }
}

public sealed class SqliteAuditSubtreeSearchShould() : AuditSubtreeSearchSuite(DatabaseProvider.Sqlite);

[RequiresPostgres]
public sealed class PostgresAuditSubtreeSearchShould() : AuditSubtreeSearchSuite(DatabaseProvider.Postgres);
