using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MspHub.AspNetCore.Tests.Owasp;

/// <summary>
/// Access control tested the way the OWASP testing guide describes: every endpoint is called by every
/// role, anonymously, in the other tenant, with the other tenant's ids swapped into the route and the
/// body, and with admin functions called by standard users. Each refused attempt must get the right
/// status and leave every row as it was.
/// </summary>
public sealed class AccessControlMatrixShould : IAsyncLifetime
{
    private static readonly Tenant A = Tenant.Create("tenant-a", "Tenant A");
    private static readonly Tenant B = Tenant.Create("tenant-b", "Tenant B");

    private readonly HubUser _mspAdmin = HubUser.Create("msp-admin", SystemRole.MspAdmin);
    private readonly HubUser _techA = HubUser.Create("tech-a", SystemRole.Technician);
    private readonly HubUser _techB = HubUser.Create("tech-b", SystemRole.Technician);
    private readonly HubUser _adminA = HubUser.Create("admin-a");
    private readonly HubUser _customerA = HubUser.Create("customer-a");
    private MatrixHost _host = null!;
    private Guid _jobA;
    private Guid _jobB;

    private enum Caller
    {
        Anonymous,
        MspAdmin,
        TechA,
        TechB,
        AdminA,
        CustomerA,
    }

    public async Task InitializeAsync()
    {
        _host = await MatrixHost.StartAsync(A, B);
        using var scope = _host.Services.CreateScope();
        var store = scope.ServiceProvider.GetRequiredService<IAccessStore>();
        foreach (var user in new[] { _mspAdmin, _techA, _techB, _adminA, _customerA })
        {
            await store.AddUserAsync(user);
        }

        var tenantSide = scope.ServiceProvider.GetRequiredService<ITenantAccessManager>();
        await tenantSide.SaveRoleAsync(new TenantRole { TenantId = A.Id, Name = "Admin", Permissions = ["jobs.view", "jobs.create", "jobs.update", "jobs.delete", "users.view", "users.update"] });
        await tenantSide.SaveRoleAsync(new TenantRole { TenantId = A.Id, Name = "Customer", Permissions = ["jobs.view"] });
        await tenantSide.SetMemberAsync(A.Id, _adminA.Id, ["Admin"]);
        await tenantSide.SetMemberAsync(A.Id, _customerA.Id, ["Customer"]);
        var msp = scope.ServiceProvider.GetRequiredService<IMspAccessManager>();
        await msp.GrantAsync(_techA.Id, A.Id, ["jobs.view", "jobs.update"]);
        await msp.GrantAsync(_techB.Id, B.Id, ["jobs.view", "jobs.create", "jobs.update", "jobs.delete"]);

        _jobA = await CreateJobAsync(A, "a-backup");
        _jobB = await CreateJobAsync(B, "b-backup");
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    // (caller, tenant in the request) -> what the caller holds there: the expected outcome of every call below.
    private static bool Holds(Caller caller, Tenant tenant, string permission) => (caller, tenant == A, permission) switch
    {
        (Caller.MspAdmin, _, _) => true,
        (Caller.TechA, true, "jobs.view" or "jobs.update") => true,
        (Caller.TechB, false, "jobs.view" or "jobs.create" or "jobs.update" or "jobs.delete") => true,
        (Caller.AdminA, true, not "grants.update") => true,
        (Caller.CustomerA, true, "jobs.view") => true,
        _ => false,
    };

    public static TheoryData<string> Callers => [.. Enum.GetNames<Caller>()];

    [Theory]
    [MemberData(nameof(Callers))]
    public async Task Give_every_caller_exactly_what_they_hold_on_every_endpoint_in_both_tenants(string callerName)
    {
        var caller = Enum.Parse<Caller>(callerName);
        foreach (var tenant in new[] { A, B })
        {
            var ownJob = tenant == A ? _jobA : _jobB;
            var calls = new (string Permission, Func<Task<HttpResponseMessage>> Send, HttpStatusCode Allowed)[]
            {
                ("jobs.view", () => Send(caller, tenant, HttpMethod.Get, "/jobs"), HttpStatusCode.OK),
                ("jobs.view", () => Send(caller, tenant, HttpMethod.Get, $"/jobs/{ownJob}"), HttpStatusCode.OK),
                ("jobs.update", () => Send(caller, tenant, HttpMethod.Put, $"/jobs/{ownJob}", new MatrixHost.JobInput("renamed")), HttpStatusCode.NoContent),
                ("users.view", () => Send(caller, tenant, HttpMethod.Get, "/tenant/users"), HttpStatusCode.OK),
            };
            foreach (var (permission, send, allowed) in calls)
            {
                var before = await SnapshotAsync();
                var response = await send();
                var expected = caller == Caller.Anonymous ? HttpStatusCode.Unauthorized : Holds(caller, tenant, permission) ? allowed : HttpStatusCode.Forbidden;
                Assert.True(expected == response.StatusCode, $"{caller} in {tenant.Slug}, {permission}: expected {expected}, got {response.StatusCode}");
                if (expected != allowed)
                {
                    Assert.Equal(before, await SnapshotAsync());
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Callers))]
    public async Task Refuse_creating_and_deleting_without_the_permission_and_change_nothing(string callerName)
    {
        var caller = Enum.Parse<Caller>(callerName);
        foreach (var tenant in new[] { A, B })
        {
            var before = await SnapshotAsync();
            var create = await Send(caller, tenant, HttpMethod.Post, "/jobs", new MatrixHost.JobInput($"new-{caller}"));
            var delete = await Send(caller, tenant, HttpMethod.Delete, $"/jobs/{Guid.CreateVersion7()}");
            var grant = await Send(caller, tenant, HttpMethod.Put, $"/msp/grants/{_techA.Id}/{B.Id}", new[] { "jobs.delete" });

            var denied = caller == Caller.Anonymous ? HttpStatusCode.Unauthorized : HttpStatusCode.Forbidden;
            Assert.Equal(Holds(caller, tenant, "jobs.create") ? HttpStatusCode.Created : denied, create.StatusCode);
            Assert.Equal(Holds(caller, tenant, "jobs.delete") ? HttpStatusCode.NotFound : denied, delete.StatusCode);
            Assert.Equal(Holds(caller, tenant, "grants.update") ? HttpStatusCode.NoContent : denied, grant.StatusCode);
            if (!Holds(caller, tenant, "jobs.create") && !Holds(caller, tenant, "grants.update"))
            {
                Assert.Equal(before, await SnapshotAsync());
            }
        }
    }

    [Fact]
    public async Task Find_nothing_when_another_tenants_ids_are_swapped_into_the_route()
    {
        var before = await SnapshotAsync();

        Assert.Equal(HttpStatusCode.NotFound, (await Send(Caller.AdminA, A, HttpMethod.Get, $"/jobs/{_jobB}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Send(Caller.AdminA, A, HttpMethod.Put, $"/jobs/{_jobB}", new MatrixHost.JobInput("hijacked"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Send(Caller.AdminA, A, HttpMethod.Delete, $"/jobs/{_jobB}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Send(Caller.TechB, B, HttpMethod.Delete, $"/jobs/{_jobA}")).StatusCode);

        Assert.Equal(before, await SnapshotAsync());
    }

    [Fact]
    public async Task Refuse_another_tenants_id_swapped_into_the_body()
    {
        var before = await SnapshotAsync();

        var response = await Send(Caller.AdminA, A, HttpMethod.Post, "/jobs", new MatrixHost.JobInput("planted", B.Id));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(before, await SnapshotAsync());
    }

    [Fact]
    public async Task Keep_MSP_staff_out_of_reach_of_a_tenant_admin()
    {
        var users = (await (await Send(Caller.AdminA, A, HttpMethod.Get, "/tenant/users")).Content.ReadFromJsonAsync<string[]>())!;
        var promote = await Send(Caller.AdminA, A, HttpMethod.Put, $"/tenant/users/{_techA.Id}/roles", new[] { "Admin" });
        var selfGrant = await Send(Caller.AdminA, A, HttpMethod.Put, $"/msp/grants/{_adminA.Id}/{A.Id}", new[] { "jobs.view" });

        Assert.Equal(["admin-a", "customer-a"], users);
        Assert.Equal(HttpStatusCode.Forbidden, promote.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, selfGrant.StatusCode);
        using var scope = _host.Services.CreateScope();
        Assert.Null(await scope.ServiceProvider.GetRequiredService<IAccessStore>().FindMembershipAsync(_techA.Id, A.Id));
    }

    [Fact]
    public async Task Let_a_tenant_admin_change_a_customers_roles_with_effect_on_the_next_request()
    {
        var promote = await Send(Caller.AdminA, A, HttpMethod.Put, $"/tenant/users/{_customerA.Id}/roles", new[] { "Admin" });
        var customerNow = await Send(Caller.CustomerA, A, HttpMethod.Delete, $"/jobs/{_jobA}");
        var customerAsAdmin = await Send(Caller.CustomerA, A, HttpMethod.Put, $"/tenant/users/{_adminA.Id}/roles", new[] { "Customer" });

        Assert.Equal(HttpStatusCode.NoContent, promote.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, customerNow.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, customerAsAdmin.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await Send(Caller.AdminA, A, HttpMethod.Get, "/tenant/users")).StatusCode);
    }

    private HubUser? User(Caller caller) => caller switch
    {
        Caller.MspAdmin => _mspAdmin,
        Caller.TechA => _techA,
        Caller.TechB => _techB,
        Caller.AdminA => _adminA,
        Caller.CustomerA => _customerA,
        _ => null,
    };

    private async Task<HttpResponseMessage> Send(Caller caller, Tenant tenant, HttpMethod method, string path, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body, body.GetType()) };
        if (User(caller) is { } user)
        {
            request.Headers.Add("X-Test-User", user.Id.ToString());
        }

        request.Headers.Add("X-Test-Tenant", tenant.Slug);
        return await _host.Client.SendAsync(request);
    }

    private async Task<Guid> CreateJobAsync(Tenant tenant, string name)
    {
        var response = await Send(Caller.MspAdmin, tenant, HttpMethod.Post, "/jobs", new MatrixHost.JobInput(name));
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<Guid>();
    }

    // Every job of every tenant, every membership and every grant, read across tenants.
    private async Task<string> SnapshotAsync()
    {
        using var scope = _host.Services.CreateScope();
        var tenancy = scope.ServiceProvider.GetRequiredService<ITenancy>();
        using (tenancy.BeginCrossTenantScope("tests.matrix-snapshot"))
        {
            var db = scope.ServiceProvider.GetRequiredService<MatrixDb>();
            var jobs = await db.Jobs.OrderBy(j => j.Id).Select(j => $"{j.TenantId}:{j.Id}:{j.Name}").ToListAsync();
            var memberships = await db.Set<Membership>().OrderBy(m => m.UserId).ThenBy(m => m.TenantId).Select(m => $"{m.UserId}:{m.TenantId}:{string.Join(",", m.Roles)}").ToListAsync();
            var grants = await db.Set<TechnicianGrant>().OrderBy(g => g.UserId).ThenBy(g => g.TenantId).Select(g => $"{g.UserId}:{g.TenantId}:{string.Join(",", g.Permissions)}").ToListAsync();
            return string.Join("\n", jobs.Concat(memberships).Concat(grants));
        }
    }
}
