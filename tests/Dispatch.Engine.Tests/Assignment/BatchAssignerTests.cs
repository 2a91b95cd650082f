using Dispatch.Engine.Assignment;
using Dispatch.Engine.Pool;

namespace Dispatch.Engine.Tests.Assignment;

public sealed class BatchAssignerTests
{
    private static readonly VolunteerId Alice = new(10);
    private static readonly VolunteerId Bob = new(20);
    private static readonly VolunteerId Carol = new(30);

    [Fact]
    public void Solve_ContestedVolunteer_GoesToHigherPriorityRequirement()
    {
        var problem = new AssignmentProblem(
            [new(Seats: 1, PriorityWeight: 1), new(Seats: 1, PriorityWeight: 3)],
            [
                new(0, Alice, AssignmentProblem.BenefitOf(0.95, 1)),
                new(1, Alice, AssignmentProblem.BenefitOf(0.10, 3)),
            ]);

        var result = new BatchAssigner().Solve(problem);

        Assert.Equal([new AssignedPair(1, Alice)], result.Pairs);
        Assert.Equal(AssignmentProblem.BenefitOf(0.10, 3), result.Objective);
    }

    [Fact]
    public void Solve_LaterRequirementNeedsTakenVolunteer_MovesVolunteerToFillBothSeats()
    {
        // Requirement 0 is served first and takes Alice, its best; requirement 1 can only use Alice, so the
        // augmenting path 1 → Alice → 0 → Bob moves her over and gives requirement 0 its second choice.
        var problem = new AssignmentProblem(
            [new(1, 1), new(1, 1)],
            [
                new(0, Alice, AssignmentProblem.BenefitOf(0.9, 1)),
                new(0, Bob, AssignmentProblem.BenefitOf(0.5, 1)),
                new(1, Alice, AssignmentProblem.BenefitOf(0.3, 1)),
            ]);

        var result = new BatchAssigner().Solve(problem);

        Assert.Equal([new AssignedPair(0, Bob), new AssignedPair(1, Alice)], result.Pairs);
        Assert.Equal(AssignmentProblem.BenefitOf(0.5, 1) + AssignmentProblem.BenefitOf(0.3, 1), result.Objective);
    }

    [Fact]
    public void Solve_RawBenefitsFavourOneStrongPair_LeavesSeatUnfilled()
    {
        // Max weight, not max count: {0: Alice} = 10 beats {0: Bob, 1: Alice} = 2.
        var problem = new AssignmentProblem(
            [new(1, 1), new(1, 1)],
            [new(0, Alice, 10), new(0, Bob, 1), new(1, Alice, 1)]);

        var result = new BatchAssigner().Solve(problem);

        Assert.Equal([new AssignedPair(0, Alice)], result.Pairs);
        Assert.Equal(10, result.Objective);
    }

    [Fact]
    public void Solve_MoreSeatsThanCandidates_FillsEveryCandidate()
    {
        var problem = new AssignmentProblem([new(5, 2)], [new(0, Alice, 7), new(0, Bob, 9), new(0, Carol, 8)]);

        var result = new BatchAssigner().Solve(problem);

        Assert.Equal([new AssignedPair(0, Bob), new AssignedPair(0, Carol), new AssignedPair(0, Alice)], result.Pairs); // by descending benefit
        Assert.Equal(24, result.Objective);
    }

    [Fact]
    public void Solve_EmptyProblem_ReturnsNoPairsAndZeroObjective()
    {
        var result = new BatchAssigner().Solve(new AssignmentProblem([], []));

        Assert.Empty(result.Pairs);
        Assert.Equal(0, result.Objective);
    }

    [Fact]
    public void Solve_ZeroSeats_AssignsNobody()
    {
        var problem = new AssignmentProblem([new(0, 4)], [new(0, Alice, 100), new(0, Bob, 50)]);

        var result = new BatchAssigner().Solve(problem);

        Assert.Empty(result.Pairs);
        Assert.Equal(0, result.Objective);
    }

    [Fact]
    public void Solve_NullProblem_Throws() =>
        Assert.Throws<ArgumentNullException>(() => new BatchAssigner().Solve(null!));
}
