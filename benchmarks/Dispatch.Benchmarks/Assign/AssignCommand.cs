using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Dispatch.Benchmarks.Assign;
using Dispatch.Engine.Assignment;

namespace Dispatch.Benchmarks;

/// <summary>
/// <c>assign</c>: solves the same generated batches with <see cref="BatchAssigner"/> and OR-Tools MinCostFlow in one
/// process, times each solve (graph construction included), compares objectives exactly and prints a SUMMARY line.
/// "ours" builds from the edge list into the assigner's reused buffers; the path through a fresh
/// <see cref="AssignmentProblem"/> is timed too and must give the same pairs.
/// </summary>
internal static class AssignCommand
{
    private const int WarmupInstances = 30;
    private const int OursWarmupRepeats = 10;

    public static Command Create()
    {
        var incidents = new Option<int>("--incidents") { DefaultValueFactory = _ => 50, Description = "Open incidents per batch." };
        var seats = new Option<int>("--seats") { DefaultValueFactory = _ => 5, Description = "Seats per incident (split over 1–3 requirements)." };
        var candidates = new Option<int>("--candidates") { DefaultValueFactory = _ => 5000, Description = "Volunteers in the pool per batch." };
        var instances = new Option<int>("--instances") { DefaultValueFactory = _ => 200, Description = "Timed batches." };
        var seed = new Option<int>("--seed") { DefaultValueFactory = _ => 1, Description = "Generator seed." };
        var command = new Command("assign", "Batch assignment: BatchAssigner vs OR-Tools MinCostFlow on the same instances.")
        {
            incidents, seats, candidates, instances, seed,
        };
        command.SetAction(parseResult => Run(
            parseResult.GetValue(incidents),
            parseResult.GetValue(seats),
            parseResult.GetValue(candidates),
            parseResult.GetValue(instances),
            parseResult.GetValue(seed)));
        return command;
    }

    private static int Run(int incidents, int seats, int candidates, int instanceCount, int seed)
    {
        if (incidents < 1 || seats < 0 || candidates < 1 || instanceCount < 1)
        {
            Console.Error.WriteLine("--incidents, --candidates and --instances must be ≥ 1, --seats ≥ 0.");
            return 2;
        }

        // Instances are generated one at a time, untimed, so that no large heap of held instances makes the
        // garbage collections triggered by either solver's allocations slower than they would be in the Host.
        AssignInstance Instance(int i) => AssignInstanceGenerator.Generate(incidents, seats, candidates, unchecked((seed * 7919) + i));
        var warmup = Enumerable.Range(1, WarmupInstances).Select(i => Instance(-i));

        // Enough calls for tiered compilation to reach optimised code before timing starts.
        var assigner = new BatchAssigner();
        foreach (var instance in warmup)
        {
            for (int repeat = 0; repeat < OursWarmupRepeats; repeat++)
            {
                _ = SolveOurs(assigner, instance);
                _ = SolveOursFreshProblem(assigner, instance);
            }

            _ = OrToolsAssigner.Solve(instance);
        }

        var ours = new double[instanceCount];
        var oursFresh = new double[instanceCount];
        var ortools = new double[instanceCount];
        long oursAllocated = 0;
        int pathMismatches = 0;
        int mismatches = 0;
        long filled = 0;
        var shape = new InstanceShape();
        for (int i = 0; i < instanceCount; i++)
        {
            var instance = Instance(i);
            shape.Add(instance);
            long allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
            long start = Stopwatch.GetTimestamp();
            var result = SolveOurs(assigner, instance);
            ours[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            oursAllocated += GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;

            start = Stopwatch.GetTimestamp();
            var fresh = SolveOursFreshProblem(assigner, instance);
            oursFresh[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            if (fresh.Objective != result.Objective || !fresh.Pairs.SequenceEqual(result.Pairs))
            {
                pathMismatches++;
            }

            start = Stopwatch.GetTimestamp();
            long baseline = OrToolsAssigner.Solve(instance);
            ortools[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;

            filled += result.Pairs.Count;
            if (result.Objective != baseline && mismatches++ == 0)
            {
                Console.WriteLine(Invariant($"MISMATCH instance {i}: ours={result.Objective} ortools={baseline}"));
            }
        }

        Console.WriteLine(Invariant($"assign: {incidents} incidents x {seats} seats, {candidates} candidate volunteers, {instanceCount} instances, seed {seed}; .NET {Environment.Version}, {Environment.ProcessorCount} cores"));
        Console.WriteLine(shape);
        var oursStats = LatencyStats.Of(ours);
        var ortoolsStats = LatencyStats.Of(ortools);
        Console.WriteLine(Invariant($"ours     {oursStats}"));
        Console.WriteLine(Invariant($"ortools  {ortoolsStats}"));
        Console.WriteLine(Invariant($"ours via new AssignmentProblem per instance: {LatencyStats.Of(oursFresh)}; same pairs as the reused builder on {instanceCount - pathMismatches}/{instanceCount}"));
        Console.WriteLine(Invariant($"ours allocated {oursAllocated / instanceCount} bytes/instance (result only)"));
        Console.WriteLine(Invariant($"ratio ortools/ours: mean {ortoolsStats.Mean / oursStats.Mean:F1}x, p50 {ortoolsStats.P50 / oursStats.P50:F1}x, p99 {ortoolsStats.P99 / oursStats.P99:F1}x"));
        Console.WriteLine(Invariant($"objective: equal on {instanceCount - mismatches}/{instanceCount} instances; filled seats {(double)filled / instanceCount:F1} of {shape.MeanSeats:F1} per instance"));
        Console.WriteLine(Invariant($"SUMMARY assign p99_ms={oursStats.P99:F3} vs_ortools_mean={ortoolsStats.Mean / oursStats.Mean:F1} same_objective={(mismatches == 0 ? "true" : "false")}"));
        return mismatches == 0 && pathMismatches == 0 ? 0 : 1;
    }

    // Build from the edge list into the assigner's reused buffers, then solve: the Host's path.
    private static AssignmentResult SolveOurs(BatchAssigner assigner, AssignInstance instance) =>
        assigner.Solve(instance.Requirements, instance.Edges);

    // The immutable-problem path: allocates the compact arrays of an AssignmentProblem per instance.
    private static AssignmentResult SolveOursFreshProblem(BatchAssigner assigner, AssignInstance instance) =>
        assigner.Solve(new AssignmentProblem(instance.Requirements, instance.Edges));

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
