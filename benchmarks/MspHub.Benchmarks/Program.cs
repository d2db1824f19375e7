using BenchmarkDotNet.Running;
using MspHub.Benchmarks;

if (args is [KestrelServer.Command, var app, var port])
{
    await KestrelServer.RunAsync(app, port).ConfigureAwait(false);
    return;
}

if (args is [ScaleOutLoad.Command, ..])
{
    var (duration, workers, tenants, rows) = ScaleOutLoad.Arguments(args);
    await ScaleOutLoad.RunAsync(duration, workers, tenants, rows).ConfigureAwait(false);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(ResolutionBenchmarks).Assembly).Run(args);
