using Dispatch.Engine.Assignment;
using Dispatch.Engine.Pool;

namespace Dispatch.Engine.Tests.Assignment;

public sealed class AssignmentProblemTests
{
    private static readonly VolunteerId Alice = new(1);

    [Fact]
    public void Constructor_NegativeSeats_ThrowsArgumentOutOfRange() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new AssignmentProblem([new(-1, 1)], []));

    [Fact]
    public void Constructor_WeightBelowOne_ThrowsArgumentOutOfRange() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new AssignmentProblem([new(1, 0)], []));

    [Theory]
    [InlineData(-1)]
    [InlineData(1)]
    public void Constructor_UnknownRequirementIndex_ThrowsArgumentOutOfRange(int requirementIndex) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new AssignmentProblem([new(1, 1)], [new(requirementIndex, Alice, 5)]));

    [Theory]
    [InlineData(0L)]
    [InlineData(-5L)]
    [InlineData(AssignmentProblem.MaxBenefit + 1)]
    public void Constructor_BenefitOutOfRange_ThrowsArgumentOutOfRange(long benefit) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new AssignmentProblem([new(1, 1)], [new(0, Alice, benefit)]));

    [Fact]
    public void Constructor_DuplicateEdge_ThrowsArgumentException()
    {
        var error = Assert.Throws<ArgumentException>(() => new AssignmentProblem([new(2, 1)], [new(0, Alice, 5), new(0, Alice, 6)]));
        Assert.Contains("twice", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_SameVolunteerOnTwoRequirements_IsAccepted()
    {
        var problem = new AssignmentProblem([new(1, 1), new(1, 1)], [new(0, Alice, 5), new(1, Alice, 6)]);

        Assert.Equal(2, problem.EdgeCount);
        Assert.Equal(1, problem.VolunteerCount);
    }

    [Fact]
    public void Constructor_NullLists_ThrowArgumentNull()
    {
        Assert.Throws<ArgumentNullException>(() => new AssignmentProblem(null!, []));
        Assert.Throws<ArgumentNullException>(() => new AssignmentProblem([], null!));
    }

    [Fact]
    public void BenefitOf_ScoreAndWeight_EncodesFillBonusPlusMicroScore() =>
        Assert.Equal(3 * (AssignmentProblem.FillBonus + 123_457), AssignmentProblem.BenefitOf(0.1234565, 3));

    [Fact]
    public void BenefitOf_OneMoreWeightedSeat_BeatsAnyQualityOfManySeats()
    {
        // 1000 weighted seats at the best score are still worth less than 1001 weighted seats at score 0.
        long bestQuality = 1000 * AssignmentProblem.BenefitOf(1.0, 1);
        long moreFilled = 1001 * AssignmentProblem.BenefitOf(0.0, 1);

        Assert.True(moreFilled > bestQuality);
    }

    [Theory]
    [InlineData(double.NaN, 1)]
    [InlineData(double.PositiveInfinity, 1)]
    [InlineData(-0.01, 1)]
    [InlineData(AssignmentProblem.MaxScore + 1, 1)]
    [InlineData(0.5, 0)]
    [InlineData(0.5, AssignmentProblem.MaxPriorityWeight + 1)]
    public void BenefitOf_OutOfRange_ThrowsArgumentOutOfRange(double score, int weight) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => AssignmentProblem.BenefitOf(score, weight));
}
