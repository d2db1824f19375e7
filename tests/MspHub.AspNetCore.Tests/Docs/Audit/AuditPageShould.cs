using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MspHub.EntityFramework;
using MspHub.AspNetCore.Tests.Docs.DataIsolation;
using MspHub.AspNetCore.Tests.TestSupport;

namespace MspHub.AspNetCore.Tests.Docs.Audit;

/// <summary>
/// docs/audit.md run as the page shows it (the marked regions), on SQLite: an endpoint that deletes and records in one
/// transaction, the HTTP actor source, reading a chain a page at a time, and verifying it. The checkpoint and export
/// snippets are run by the Abstractions tests' AuditDocsShould.
/// </summary>
public sealed class AuditPageShould : IAsyncLifetime
{
    private static readonly Tenant Acme = Tenant.Create("acme", "Acme");
    private static readonly HubUser Admin = HubUser.Create("admin", SystemRole.MspAdmin);
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"msphub-docs-audit-{Guid.NewGuid():N}.db");
    private WebApplication _app = null!;
    private HttpClient _client = null!;
    private Autom _autom = null!;

    public async Task InitializeAsync()
    {
        var builder = TestWebHost.CreateBuilder();
        builder.Services.AddDbContext<HubDb>(o => o.UseSqlite($"Data Source={_file};Pooling=false"));
        builder.Services.AddMspHub(hub => hub
            .AddEntityFrameworkStores<HubDb>()
            .AddPermissions(p => p.Resource("automs").Actions(PermissionActions.All))
            .AddPermissionPolicies());
        // docs: audit.md#the-actor
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddSingleton<IAuditActorSource, HttpAuditActorSource>();
        // end docs

        var app = builder.Build();
        app.UseAuthentication();
        app.UseTestTenantHeader();
        app.UseAuthorization();
        // docs: audit.md#recording
        app.MapDelete("/automs/{id:guid}", async (Guid id, HubDb db, IAuditLog audit, ITenancy tenancy, CancellationToken ct) =>
        {
            var tenant = tenancy.Current.RequireTenant("automs");
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            if (await db.Automs.FindAsync([id], ct) is not { } autom)
            {
                return Results.NotFound();
            }

            db.Automs.Remove(autom);
            await db.SaveChangesAsync(ct);
            await audit.RecordAsync(
                new AuditEntry("sample.autom.deleted", tenant.Id)
                {
                    TargetType = "autom",
                    TargetId = id.ToString(),
                    Detail = new Dictionary<string, string> { ["name"] = autom.Name },
                },
                ct);
            await transaction.CommitAsync(ct);
            return Results.NoContent();
        }).RequirePermission("automs", PermissionActions.Delete);
        // end docs

        _app = app;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<HubDb>().Database.EnsureCreatedAsync();
            await scope.ServiceProvider.GetRequiredService<ITenantStore>().AddAsync(Acme);
            await scope.ServiceProvider.GetRequiredService<IMspAccessManager>().AddUserAsync(Admin);
            using (scope.ServiceProvider.GetRequiredService<ITenancy>().BeginScope(Acme))
            {
                var db = scope.ServiceProvider.GetRequiredService<HubDb>();
                _autom = new Autom { Name = "Nightly backup" };
                db.Automs.Add(_autom);
                await db.SaveChangesAsync();
            }
        }

        await app.StartAsync();
        _client = app.GetTestClient();
        _client.DefaultRequestHeaders.Add("X-Test-User", Admin.Id.ToString());
        _client.DefaultRequestHeaders.Add("X-Test-Tenant", Acme.Slug);
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _app.DisposeAsync();
        SqliteConnection.ClearAllPools();
        File.Delete(_file);
    }

    [Fact]
    public async Task Record_a_deletion_with_its_change_by_the_signed_in_user_then_read_and_verify_the_chain()
    {
        var viewer = HubUser.Create("viewer");
        await using (var setup = _app.Services.CreateAsyncScope())
        {
            await setup.ServiceProvider.GetRequiredService<IMspAccessManager>().AddUserAsync(viewer);
            var members = setup.ServiceProvider.GetRequiredService<ITenantAccessManager>();
            await members.SaveRoleAsync(new TenantRole { TenantId = Acme.Id, Name = "Viewer", Permissions = ["automs.view"] });
            await members.SetMemberAsync(Acme.Id, viewer.Id, ["Viewer"]);
        }

        using var asViewer = _app.GetTestClient();
        asViewer.DefaultRequestHeaders.Add("X-Test-User", viewer.Id.ToString());
        asViewer.DefaultRequestHeaders.Add("X-Test-Tenant", Acme.Slug);
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, (await asViewer.DeleteAsync($"/automs/{_autom.Id}")).StatusCode);

        var deleted = await _client.DeleteAsync($"/automs/{_autom.Id}");
        var again = await _client.DeleteAsync($"/automs/{_autom.Id}");

        Assert.Equal(System.Net.HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, again.StatusCode);
        await using var scope = _app.Services.CreateAsyncScope();
        var audit = scope.ServiceProvider.GetRequiredService<IAuditLog>();
        var logger = scope.ServiceProvider.GetRequiredService<ILogger<AuditPageShould>>();
        var (tenant, signedInUserId, ct) = (Acme, Admin.Id, CancellationToken.None);
        using (scope.ServiceProvider.GetRequiredService<ITenancy>().BeginScope(Acme))
        {
            var access = scope.ServiceProvider.GetRequiredService<ITenantAccessManager>();
            await access.SaveRoleAsync(new TenantRole { TenantId = Acme.Id, Name = "Agent", Permissions = [] });
            for (var i = 0; i < 51; i++)
            {
                var member = HubUser.Create($"agent-{i}");
                await scope.ServiceProvider.GetRequiredService<IMspAccessManager>().AddUserAsync(member);
                await access.SetMemberAsync(Acme.Id, member.Id, ["Agent"]);
            }
        }

        // docs: audit.md#reading
        var page = await audit.QueryAsync(
            new AuditQuery { TenantId = tenant.Id, Action = AuditActions.MemberSet, PageSize = 50 },
            readerUserId: signedInUserId,
            ct);
        var next = page.NextBeforeSequence is { } before    // null on the last page: asking with null starts over
            ? await audit.QueryAsync(
                new AuditQuery { TenantId = tenant.Id, Action = AuditActions.MemberSet, BeforeSequence = before },
                signedInUserId,
                ct)
            : null;
        // end docs

#pragma warning disable CA1848, CA1873 // the page shows the plain logging call a host would write first
        // docs: audit.md#verifying
        var result = await audit.VerifyAsync(tenant.Id);                 // the whole chain
        var part = await audit.VerifyAsync(tenantId: null, 2, 1_000);    // the MSP chain, records 2 to 1,000
        if (!result.IsIntact)
        {
            logger.LogCritical("Audit chain broken at {Sequence}: {Problem} ({Message})", result.FirstBadSequence, result.Problem, result.Message);
        }
        // end docs
#pragma warning restore CA1848, CA1873

        var record = Assert.Single((await audit.QueryAsync(new AuditQuery { TenantId = Acme.Id, Action = "sample.autom.deleted" }, Admin.Id)).Items);
        Assert.Equal((AuditActor.User(Admin.Id), _autom.Id.ToString(), "Nightly backup"), (record.Actor, record.TargetId, record.Detail["name"]));
        Assert.NotNull(next);
        Assert.Equal((50, 2), (page.Items.Count, next.Items.Count)); // 51 agents and the viewer
        Assert.Null(next.NextBeforeSequence);
        Assert.True(result.IsIntact, result.Message);
        Assert.True(part.IsIntact, part.Message); // the MSP chain here is far shorter: checked to its end
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => audit.VerifyAsync(tenantId: null, 1_000, 2_000)); // and starts nowhere near 1,000
    }
}
