using System.CommandLine;
using Dispatch.Benchmarks;
using Dispatch.Benchmarks.Lifecycle;
using Dispatch.Benchmarks.Match;

// Verbs: `match` and `assign` are side-by-side comparison consoles; `kernels` runs the BenchmarkDotNet suite
// (arguments after `kernels` go to BenchmarkDotNet, e.g. `kernels --filter *Haversine*`).
var root = new RootCommand("Dispatch benchmarks: side-by-side comparisons and BenchmarkDotNet kernels.")
{
    MatchCommand.Create(),
    KernelsCommand.Create(),
    AssignCommand.Create(),
    LifecycleCommand.Create(),
};

return await root.Parse(args).InvokeAsync();
