using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;

namespace MspHub.Benchmarks;

/// <summary>
/// The operation gate on an L0 operation, around the call it guards. BRIEF target: at most 50 ns added and no
/// allocation. The baseline is the guarded call alone (a dictionary look-up standing in for cheap work); the gated
/// method runs the gate check first, as <c>.RequireGate</c> or a job would. Thirty operations are declared, a few of
/// them with tenant levels, so the look-up is not a one-entry table.
/// </summary>
[MemoryDiagnoser]
public class GateCheckBenchmarks
{
    private const string Operation = "sample.autom.list";

    private readonly Dictionary<string, int> _work = new(StringComparer.Ordinal) { ["autom-1"] = 1 };
    private readonly string?[] _arguments = ["autom-1"];
    private ServiceProvider _services = null!;
    private IServiceScope _scope = null!;
    private IOperationGate _gate = null!;
    private Guid _tenant;
    private GateCaller _caller = null!;

    [GlobalSetup]
    public void Setup()
    {
        _tenant = Guid.CreateVersion7();
        _caller = GateCaller.ApiKey(Guid.CreateVersion7());
        _services = new ServiceCollection()
            .AddMspHub(hub => hub.AddInMemoryTenantStore().AddInMemoryAccessStore().AddOperationGates(o =>
            {
                for (var i = 0; i < 30; i++)
                {
                    o.Gate($"sample.operation-{i}", (GateLevel)(i % 4)).TenantLevels[Guid.CreateVersion7()] = GateLevel.L3HumanOnly;
                }

                o.Gate(Operation, GateLevel.L0Automated);
            }))
            .Services.BuildServiceProvider();
        _scope = _services.CreateScope();
        _gate = _scope.ServiceProvider.GetRequiredService<IOperationGate>();
        if (Gated() != Baseline())
        {
            throw new InvalidOperationException("The gate did not let the L0 operation through.");
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _scope.Dispose();
        _services.Dispose();
    }

    [Benchmark(Baseline = true, Description = "The guarded call alone (baseline)")]
    public int Baseline() => _work.GetValueOrDefault("autom-1");

    [Benchmark(Description = "MspHub: CheckAsync on L0, then the call")]
    public int Gated()
    {
        var decision = _gate.CheckAsync(new GateCall(Operation, _tenant, _caller, _arguments));
        var proceeds = decision.IsCompletedSuccessfully ? decision.Result.Proceeds : decision.AsTask().GetAwaiter().GetResult().Proceeds;
        return proceeds ? _work.GetValueOrDefault("autom-1") : -1;
    }
}
