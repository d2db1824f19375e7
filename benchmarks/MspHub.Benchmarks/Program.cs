using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(MspHub.Benchmarks.ResolutionBenchmarks).Assembly).Run(args);
