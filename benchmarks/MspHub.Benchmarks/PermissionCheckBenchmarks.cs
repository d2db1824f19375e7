using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;

namespace MspHub.Benchmarks;

/// <summary>
/// A warm permission check for (user, tenant, permission). BRIEF target: at most 50 ns and no allocation.
/// The baseline is the least a cached check can do: one dictionary look-up by (user, tenant) and one
/// array read.
/// </summary>
[MemoryDiagnoser]
public class PermissionCheckBenchmarks
{
    private const int Users = 1_000;
    private const int TenantsPerUser = 10;

    private static readonly string[] Resources = ["automs", "agents", "vault", "dashboards", "alerts", "users", "roles", "reports"];

    private readonly Dictionary<(Guid, Guid), bool[]> _baseline = [];
    private ServiceProvider _services = null!;
    private IPermissionEvaluator _evaluator = null!;
    private Guid _user;
    private Guid _tenant;
    private PermissionId _permission;

    [GlobalSetup]
    public void Setup()
    {
        _services = new ServiceCollection()
            .AddMspHub(hub => hub.AddInMemoryTenantStore().AddInMemoryAccessStore().AddPermissions(p =>
            {
                foreach (var resource in Resources)
                {
                    p.Resource(resource).Actions(PermissionActions.All);
                }
            }))
            .Services.BuildServiceProvider();
        _evaluator = _services.GetRequiredService<IPermissionEvaluator>();
        var store = _services.GetRequiredService<InMemoryAccessStore>();
        var catalog = _services.GetRequiredService<PermissionCatalog>();
        _permission = catalog.Id("vault.update");

        var tenants = Enumerable.Range(0, TenantsPerUser).Select(_ => Guid.CreateVersion7()).ToArray();
        for (var u = 0; u < Users; u++)
        {
            var technician = HubUser.Create($"technician-{u}", SystemRole.Technician);
            store.AddUserAsync(technician).GetAwaiter().GetResult();
            var user = technician.Id;
            foreach (var tenant in tenants)
            {
                string[] granted = ["vault.view", "vault.update", "automs.view"];
                store.SaveGrantAsync(new TechnicianGrant { UserId = user, TenantId = tenant, Permissions = granted }).GetAwaiter().GetResult();
                _baseline[(user, tenant)] = [.. catalog.All.Select(p => granted.Contains(p.ToString()))];
                _evaluator.HasPermissionAsync(user, tenant, _permission).AsTask().GetAwaiter().GetResult();
            }

            (_user, _tenant) = (user, tenants[u % TenantsPerUser]);
        }

        if (!Check() || !Baseline())
        {
            throw new InvalidOperationException("The benchmark set-up does not grant its own permission.");
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _services.Dispose();

    [Benchmark(Baseline = true, Description = "Dictionary + array (baseline)")]
    public bool Baseline() => _baseline.TryGetValue((_user, _tenant), out var granted) && granted[_permission.Index];

    [Benchmark(Description = "MspHub: HasPermissionAsync, warm")]
    public bool Check()
    {
        var pending = _evaluator.HasPermissionAsync(_user, _tenant, _permission);
        return pending.IsCompletedSuccessfully ? pending.Result : pending.AsTask().GetAwaiter().GetResult();
    }
}
