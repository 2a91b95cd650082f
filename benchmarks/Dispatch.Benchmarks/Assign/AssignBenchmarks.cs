using BenchmarkDotNet.Attributes;
using Dispatch.Engine.Assignment;

namespace Dispatch.Benchmarks.Assign;

/// <summary>
/// The batch-assignment kernel on one fixed generated batch (50 incidents × 5 seats, 5,000 candidate volunteers):
/// solve only, build into the assigner's reused buffers + solve, build a fresh <see cref="AssignmentProblem"/> + solve,
/// and the OR-Tools baseline. Run with <c>kernels --filter *Assign*</c>.
/// </summary>
[MemoryDiagnoser]
public class AssignBenchmarks
{
    private readonly BatchAssigner _assigner = new();
    private AssignInstance _instance = null!;
    private AssignmentProblem _problem = null!;

    [GlobalSetup]
    public void Setup()
    {
        _instance = AssignInstanceGenerator.Generate(incidents: 50, seats: 5, candidates: 5000, seed: 42);
        _problem = new AssignmentProblem(_instance.Requirements, _instance.Edges);
    }

    [Benchmark(Baseline = true)]
    public long Solve() => _assigner.Solve(_problem).Objective;

    [Benchmark]
    public long BuildReusedAndSolve() => _assigner.Solve(_instance.Requirements, _instance.Edges).Objective;

    [Benchmark]
    public long BuildAndSolve() => _assigner.Solve(new AssignmentProblem(_instance.Requirements, _instance.Edges)).Objective;

    [Benchmark]
    public long OrToolsMinCostFlow() => OrToolsAssigner.Solve(_instance);
}
