using Dispatch.Engine.Assignment;
using FsCheck.Xunit;

namespace Dispatch.Engine.Tests.Assignment;

[Properties(Arbitrary = [typeof(SmallInstanceArbitrary)], MaxTest = 300)]
public sealed class BatchAssignerPropertyTests
{
    [Property]
    public bool Solve_SmallInstance_MatchesBruteForceObjective(SmallInstance instance)
    {
        var result = new BatchAssigner().Solve(instance.ToProblem());
        return result.Objective == BruteForceAssigner.BestObjective(instance.Requirements, instance.Edges);
    }

    [Property]
    public void Solve_SmallInstance_ReturnsFeasiblePairsWhoseBenefitsSumToObjective(SmallInstance instance)
    {
        var result = new BatchAssigner().Solve(instance.ToProblem());

        var benefitOf = instance.Edges.ToDictionary(e => (e.RequirementIndex, e.Volunteer), e => e.Benefit);
        Assert.All(result.Pairs, p => Assert.True(benefitOf.ContainsKey((p.RequirementIndex, p.Volunteer)), $"{p} is not an edge"));
        Assert.Equal(result.Pairs.Count, result.Pairs.Select(p => p.Volunteer).Distinct().Count());
        foreach (var group in result.Pairs.GroupBy(p => p.RequirementIndex))
        {
            Assert.True(group.Count() <= instance.Requirements[group.Key].Seats, $"requirement {group.Key} overfilled");
        }

        Assert.Equal(result.Objective, result.Pairs.Sum(p => benefitOf[(p.RequirementIndex, p.Volunteer)]));
    }

    [Property]
    public void Solve_SameInstanceTwice_GivesIdenticalPairs(SmallInstance instance, SmallInstance other)
    {
        var reused = new BatchAssigner();
        var first = reused.Solve(instance.ToProblem());
        _ = reused.Solve(other.ToProblem()); // buffers left dirty by another instance must not matter
        var again = reused.Solve(instance.ToProblem());
        var fresh = new BatchAssigner().Solve(new SmallInstance([.. instance.Requirements], [.. instance.Edges]).ToProblem());

        Assert.Equal(first.Pairs, again.Pairs);
        Assert.Equal(first.Pairs, fresh.Pairs);
        Assert.Equal(first.Objective, fresh.Objective);
    }
}
