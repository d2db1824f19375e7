using BenchmarkDotNet.Attributes;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MspHub.EntityFramework;

namespace MspHub.Benchmarks;

/// <summary>
/// A warm permission check where the permission comes down the tenant tree (a subtree grant at a client, checked in one
/// of its sites), against the same warm check where it is granted in the tenant itself (the flat check, the baseline).
/// The EF Core store on SQLite holds MSP → 20 clients → 10 sites each. ISSUE 17 target: at most 35 ns and no allocation:
/// the tree is read once when the entry is cached, never per check, so both should cost the same.
/// </summary>
[MemoryDiagnoser]
public class HierarchyPermissionCheckBenchmarks
{
    private const int Clients = 20;
    private const int SitesPerClient = 10;
    private const int Technicians = 50;

    private readonly string _file = Path.Combine(Path.GetTempPath(), $"msphub-tree-bench-{Guid.NewGuid():N}.db");
    private ServiceProvider _services = null!;
    private IPermissionEvaluator _evaluator = null!;
    private PermissionId _permission;
    private Guid _user;
    private Guid _flatTenant;
    private Guid _site;

    [GlobalSetup]
    public void Setup()
    {
        var services = new ServiceCollection();
        services.AddDbContext<TreeBenchDb>(o => o.UseSqlite($"Data Source={_file}"));
        services.AddMspHub(hub => hub.AddEntityFrameworkStores<TreeBenchDb>().AddPermissions(p => p.Resource("vault").Actions(PermissionActions.All)));
        _services = services.BuildServiceProvider();
        _evaluator = _services.GetRequiredService<IPermissionEvaluator>();
        _permission = _services.GetRequiredService<PermissionCatalog>().Id("vault.update");

        var msp = Tenant.Create("msp", "MSP");
        var flat = Tenant.Create("flat", "Flat");
        var clients = Enumerable.Range(0, Clients).Select(c => Tenant.Create($"client-{c:D2}", $"Client {c}") with { ParentId = msp.Id }).ToArray();
        var sites = clients.SelectMany(c => Enumerable.Range(0, SitesPerClient).Select(s => Tenant.Create($"{c.Slug}-site-{s:D2}", $"{c.Name} site {s}") with { ParentId = c.Id })).ToArray();
        using (var scope = _services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TreeBenchDb>();
            db.Database.EnsureCreated();
            db.AddRange([msp, flat, .. clients, .. sites]);
            db.SaveChanges();
        }

        string[] granted = ["vault.view", "vault.update"];
        for (var t = 0; t < Technicians; t++)
        {
            using var scope = _services.CreateScope();
            var store = scope.ServiceProvider.GetRequiredService<IAccessStore>();
            var technician = HubUser.Create($"technician-{t}", SystemRole.Technician);
            store.AddUserAsync(technician).GetAwaiter().GetResult();
            var client = clients[t % Clients];
            store.SaveGrantAsync(new TechnicianGrant { UserId = technician.Id, TenantId = client.Id, Permissions = granted, IncludesDescendants = true }).GetAwaiter().GetResult();
            store.SaveGrantAsync(new TechnicianGrant { UserId = technician.Id, TenantId = flat.Id, Permissions = granted }).GetAwaiter().GetResult();
            foreach (var site in sites.Where(s => s.ParentId == client.Id).Append(flat))
            {
                _evaluator.HasPermissionAsync(technician.Id, site.Id, _permission).AsTask().GetAwaiter().GetResult();
            }

            (_user, _flatTenant, _site) = (technician.Id, flat.Id, sites.First(s => s.ParentId == client.Id).Id);
        }

        if (!Flat() || !Inherited())
        {
            throw new InvalidOperationException("The benchmark set-up does not grant its own permission.");
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _services.Dispose();
        SqliteConnection.ClearAllPools();
        File.Delete(_file);
    }

    [Benchmark(Baseline = true, Description = "HasPermissionAsync, warm, granted in the tenant (flat)")]
    public bool Flat() => Check(_flatTenant);

    [Benchmark(Description = "HasPermissionAsync, warm, granted at the client for its subtree")]
    public bool Inherited() => Check(_site);

    private bool Check(Guid tenantId)
    {
        var pending = _evaluator.HasPermissionAsync(_user, tenantId, _permission);
        return pending.IsCompletedSuccessfully ? pending.Result : pending.AsTask().GetAwaiter().GetResult();
    }
}

internal sealed class TreeBenchDb(DbContextOptions<TreeBenchDb> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.ApplyMspHub(this);
}
