using System.Collections.ObjectModel;
using Dispatch.Engine.Assignment;
using Dispatch.Engine.Pool;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Dispatch.Engine.Tests.Assignment;

/// <summary>
/// The reusable build path (<see cref="BatchAssigner.Solve(IReadOnlyList{AssignmentRequirement}, IReadOnlyList{CandidateEdge})"/>
/// and <see cref="ProblemBuilder"/>) against the fresh <see cref="AssignmentProblem"/> path and against a LINQ
/// reference compaction, on small instances and on long rows that take the radix sort.
/// </summary>
[Properties(Arbitrary = [typeof(SmallInstanceArbitrary), typeof(WideInstanceArbitrary)], MaxTest = 200)]
public sealed class ProblemBuilderTests
{
    private static readonly VolunteerId Alice = new(1);

    [Property]
    public void Solve_ReusedBuilder_GivesSamePairsAsFreshProblem(SmallInstance instance, SmallInstance other)
    {
        var reused = new BatchAssigner();
        _ = reused.Solve(other.Requirements, other.Edges); // buffers left dirty by another instance must not matter
        var viaBuilder = reused.Solve(instance.Requirements, instance.Edges);
        var viaList = reused.Solve([.. instance.Requirements], instance.Edges.ToList());
        var viaOtherList = reused.Solve(new ReadOnlyCollection<AssignmentRequirement>(instance.Requirements), new ReadOnlyCollection<CandidateEdge>(instance.Edges));
        var fresh = new BatchAssigner().Solve(instance.ToProblem());

        Assert.Equal(fresh.Pairs, viaBuilder.Pairs);
        Assert.Equal(fresh.Objective, viaBuilder.Objective);
        Assert.Equal(fresh.Pairs, viaList.Pairs);
        Assert.Equal(fresh.Pairs, viaOtherList.Pairs);
    }

    [Property]
    public bool Solve_ReusedBuilder_MatchesBruteForceObjective(SmallInstance instance, SmallInstance other)
    {
        var reused = new BatchAssigner();
        _ = reused.Solve(other.Requirements, other.Edges);
        return reused.Solve(instance.Requirements, instance.Edges).Objective == BruteForceAssigner.BestObjective(instance.Requirements, instance.Edges);
    }

    [Property]
    public void Load_WideInstance_MatchesReferenceCompaction(WideInstance instance, WideInstance other)
    {
        var builder = new ProblemBuilder();
        _ = builder.Load(other.Requirements, other.Edges);
        var compact = builder.Load(instance.Requirements, instance.Edges);

        AssertMatchesReference(instance, compact);
        AssertMatchesReference(instance, new AssignmentProblem(instance.Requirements, instance.Edges).Compact);
    }

    [Property]
    public void Solve_WideInstance_ReusedAndFreshAgree(WideInstance instance, WideInstance other)
    {
        var reused = new BatchAssigner();
        _ = reused.Solve(other.Requirements, other.Edges);
        var viaBuilder = reused.Solve(instance.Requirements, instance.Edges);
        var fresh = new BatchAssigner().Solve(new AssignmentProblem(instance.Requirements, instance.Edges));

        Assert.Equal(fresh.Pairs, viaBuilder.Pairs);
        Assert.Equal(fresh.Objective, viaBuilder.Objective);
        Assert.Equal(viaBuilder.Objective, viaBuilder.Pairs.Sum(p => instance.Edges.Single(e => e.RequirementIndex == p.RequirementIndex && e.Volunteer == p.Volunteer).Benefit));
    }

    [Fact]
    public void Solve_ReusedBuilderAfterRejectedInput_StillSolvesCorrectly()
    {
        var assigner = new BatchAssigner();
        var requirements = new AssignmentRequirement[] { new(1, 1), new(1, 1) };
        var good = new CandidateEdge[] { new(0, Alice, 10), new(0, new VolunteerId(2), 1), new(1, Alice, 1) };
        var expected = assigner.Solve(requirements, good);

        Assert.Throws<ArgumentException>(() => assigner.Solve(requirements, [new(1, new VolunteerId(7), 3), new(1, new VolunteerId(7), 4)]));
        Assert.Throws<ArgumentOutOfRangeException>(() => assigner.Solve(requirements, [new(0, Alice, 3), new(2, Alice, 4)]));
        var again = assigner.Solve(requirements, good);

        Assert.Equal(expected.Pairs, again.Pairs);
        Assert.Equal(10, again.Objective);
    }

    [Fact]
    public void Solve_ReusedBuilderBadInput_ThrowsSameExceptionsAsConstructor()
    {
        var assigner = new BatchAssigner();
        Assert.Throws<ArgumentNullException>(() => assigner.Solve(null!, []));
        Assert.Throws<ArgumentNullException>(() => assigner.Solve([], null!));
        Assert.Throws<ArgumentOutOfRangeException>(() => assigner.Solve([new(-1, 1)], []));
        Assert.Throws<ArgumentOutOfRangeException>(() => assigner.Solve([new(1, 0)], []));
        Assert.Throws<ArgumentOutOfRangeException>(() => assigner.Solve([new(1, 1)], [new(0, Alice, 0)]));
        Assert.Throws<ArgumentOutOfRangeException>(() => assigner.Solve([new(1, 1)], [new(0, Alice, AssignmentProblem.MaxBenefit + 1)]));
        Assert.Throws<ArgumentOutOfRangeException>(() => assigner.Solve([new(1, 1)], [new(0, new VolunteerId(-3), 5)]));
        var error = Assert.Throws<ArgumentException>(() => assigner.Solve([new(2, 1)], [new(0, Alice, 5), new(0, Alice, 6)]));
        Assert.Contains("twice", error.Message, StringComparison.Ordinal);
        Assert.Equal("edges", error.ParamName);
    }

    [Fact]
    public void Constructor_DuplicateInLongRow_ThrowsArgumentException()
    {
        var edges = Enumerable.Range(0, 100).Select(v => new CandidateEdge(0, new VolunteerId(v), 1000 - v)).Append(new CandidateEdge(0, new VolunteerId(57), 3)).ToArray();

        var error = Assert.Throws<ArgumentException>(() => new AssignmentProblem([new(3, 1)], edges));
        Assert.Contains("V57", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Solve_ReusedBuilder_AllocatesOnlyTheResultOnceWarm()
    {
        var requirements = Enumerable.Range(0, 20).Select(r => new AssignmentRequirement(3, 1 + (r % 4))).ToArray();
        var random = new Random(7);
        var edges = new List<CandidateEdge>();
        for (int r = 0; r < requirements.Length; r++)
        {
            foreach (int v in Enumerable.Range(0, 2000).OrderBy(_ => random.Next()).Take(300))
            {
                edges.Add(new CandidateEdge(r, new VolunteerId(v), AssignmentProblem.BenefitOf(random.NextDouble(), requirements[r].PriorityWeight)));
            }
        }

        var edgeArray = edges.ToArray();
        var assigner = new BatchAssigner();
        for (int i = 0; i < 3; i++)
        {
            _ = assigner.Solve(requirements, edgeArray);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        var result = assigner.Solve(requirements, edgeArray);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(60, result.Pairs.Count);
        Assert.True(allocated < 4096, $"allocated {allocated} bytes for a warm solve");
    }

    private static void AssertMatchesReference(WideInstance instance, CompactProblem compact)
    {
        // Local indices in order of first appearance; rows by descending benefit, input order among ties.
        var firstAppearance = instance.Edges.Select(e => e.Volunteer).Distinct().ToArray();
        Assert.Equal(instance.Requirements.Length, compact.RequirementCount);
        Assert.Equal(instance.Edges.Length, compact.EdgeCount);
        Assert.Equal(firstAppearance, compact.LocalVolunteers.Take(compact.VolunteerCount));
        Assert.Equal(instance.Requirements.Select(r => r.Seats), compact.SeatCounts.Take(compact.RequirementCount));
        for (int r = 0; r < instance.Requirements.Length; r++)
        {
            var expected = instance.Edges
                .Where(e => e.RequirementIndex == r)
                .OrderByDescending(e => e.Benefit)
                .Select(e => (e.Volunteer, e.Benefit))
                .ToArray();
            int start = compact.RowStart[r];
            var actual = Enumerable.Range(start, compact.RowStart[r + 1] - start)
                .Select(e => (compact.LocalVolunteers[compact.EdgeVolunteer[e]], compact.EdgeBenefit[e]))
                .ToArray();
            Assert.Equal(expected, actual);
        }
    }
}

/// <summary>An instance with long rows (up to 400 edges) and benefit ranges from 1 to 48 bits, ties included.</summary>
public sealed record WideInstance(AssignmentRequirement[] Requirements, CandidateEdge[] Edges)
{
    public override string ToString() =>
        $"{Requirements.Length} requirements, {Edges.Length} edges, benefits [{string.Join(", ", Edges.Select(e => e.Benefit).Distinct().Take(12))}...]";
}

/// <summary>FsCheck generator for <see cref="WideInstance"/>: rows of 0–400 edges in shuffled volunteer order.</summary>
public static class WideInstanceArbitrary
{
    public static Arbitrary<WideInstance> Instances() => Arb.From(
        from requirementCount in Gen.Choose(0, 5)
        from seed in Gen.Choose(0, int.MaxValue)
        from sparseIds in Gen.Elements(false, true)
        select Build(requirementCount, seed, sparseIds));

    private static WideInstance Build(int requirementCount, int seed, bool sparseIds)
    {
        var random = new Random(seed);
        var requirements = new AssignmentRequirement[requirementCount];
        var edges = new List<CandidateEdge>();
        for (int r = 0; r < requirementCount; r++)
        {
            requirements[r] = new AssignmentRequirement(random.Next(0, 6), 1 + random.Next(4));
            int length = random.Next(4) == 0 ? random.Next(0, 33) : random.Next(33, 401);
            int rangeBits = 1 + random.Next(48); // 1–48 bits: from many ties to every radix digit
            long low = 1 + (long)(random.NextDouble() * (AssignmentProblem.MaxBenefit - (1L << rangeBits) + 1));
            long distinctValues = Math.Min(1L << rangeBits, 1 + random.Next(1, 2 * length + 2));
            long step = Math.Max(1, ((1L << rangeBits) - 1) / Math.Max(1, distinctValues - 1));
            foreach (int v in Enumerable.Range(0, 600).OrderBy(_ => random.Next()).Take(length))
            {
                long benefit = Math.Min(AssignmentProblem.MaxBenefit, low + (step * random.NextInt64(distinctValues)));
                int id = sparseIds ? (v * 3_000_000) + 11 : v;
                edges.Add(new CandidateEdge(r, new VolunteerId(id), benefit));
            }
        }

        // Interleave the rows, as a matcher that walks incidents would not, to exercise the scatter.
        return new WideInstance(requirements, [.. edges.OrderBy(_ => random.Next())]);
    }
}
