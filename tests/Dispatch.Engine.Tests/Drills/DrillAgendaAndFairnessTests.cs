using Dispatch.Engine.Drills;

namespace Dispatch.Engine.Tests.Drills;

public sealed class DrillAgendaAndFairnessTests
{
    private static readonly DateTimeOffset T0 = new(2026, 6, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void TryTakeDue_SameDueTime_InsertionOrderThenLaterItems()
    {
        var agenda = new DrillAgenda<string>();
        agenda.Add(T0.AddMinutes(5), "late");
        agenda.Add(T0, "first");
        agenda.Add(T0, "second");

        Assert.Equal(T0, agenda.NextDue);
        Assert.True(agenda.TryTakeDue(T0, out var a));
        Assert.True(agenda.TryTakeDue(T0, out var b));
        Assert.False(agenda.TryTakeDue(T0, out _));
        Assert.True(agenda.TryTakeDue(T0.AddMinutes(5), out var c));
        Assert.Equal(["first", "second", "late"], new[] { a, b, c });
        Assert.Null(agenda.NextDue);
    }

    [Fact]
    public void Of_EqualCounts_GiniZero()
    {
        var fairness = DrillFairness.Of([2, 2, 2, 2, 0]);

        Assert.Equal(4, fairness.Volunteers);
        Assert.Equal(8, fairness.Total);
        Assert.Equal(0, fairness.Gini, 12);
        Assert.Equal([(2, 4)], fairness.Distribution);
    }

    [Fact]
    public void GiniOf_OneHoldsAll_IsOneMinusOneOverN()
    {
        Assert.Equal(0.75, DrillFairness.GiniOf([0, 0, 0, 8]), 12);
        Assert.Equal(0, DrillFairness.GiniOf([0, 0]), 12);
    }

    [Fact]
    public void GiniOf_KnownValues_MatchesDefinition()
    {
        // Mean absolute difference / (2 × mean): for 1, 2, 3 → (2·(1+2+1)) / 9 / (2·2) = 2/9.
        Assert.Equal(2.0 / 9.0, DrillFairness.GiniOf([1, 2, 3]), 12);
        var fairness = DrillFairness.Of([3, 1, 2, 1]);
        Assert.Equal([(1, 2), (2, 1), (3, 1)], fairness.Distribution);
        Assert.Equal(3, fairness.Max);
        Assert.Equal(1.75, fairness.Mean, 12);
    }

    [Fact]
    public void GiniOf_UnsortedOrNegative_Throws()
    {
        Assert.Throws<ArgumentException>(() => DrillFairness.GiniOf([3, 1]));
        Assert.Throws<ArgumentOutOfRangeException>(() => DrillFairness.GiniOf([-1, 2]));
        Assert.Same(DrillFairness.Empty, DrillFairness.Of([]));
    }
}
