using BenchmarkDotNet.Running;
using MspHub.Benchmarks;

if (args is [KestrelServer.Command, var app, var port])
{
    await KestrelServer.RunAsync(app, port).ConfigureAwait(false);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(ResolutionBenchmarks).Assembly).Run(args);
