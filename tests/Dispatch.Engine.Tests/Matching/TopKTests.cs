using Dispatch.Engine.Matching;
using Dispatch.Engine.Pool;
using FsCheck.Xunit;

namespace Dispatch.Engine.Tests.Matching;

public sealed class TopKTests
{
    [Theory]
    [InlineData(0.9, 1, 0.8, 0, -1)] // higher total first, whatever the ids
    [InlineData(0.8, 0, 0.9, 1, 1)]
    [InlineData(0.5, 3, 0.5, 7, -1)] // equal totals: lower id first
    [InlineData(0.5, 7, 0.5, 3, 1)]
    [InlineData(0.5, 4, 0.5, 4, 0)]
    public void Compare_TotalsThenIds_RankingOrder(double totalA, int idA, double totalB, int idB, int expectedSign)
    {
        var a = Candidate(idA, totalA);
        var b = Candidate(idB, totalB);

        Assert.Equal(expectedSign, Math.Sign(RankedCandidate.Compare(a, b)));
        Assert.Equal(-expectedSign, Math.Sign(RankedCandidate.Compare(b, a)));
    }

    [Fact]
    public void Offer_MoreThanCapacity_KeepsTheBestSorted()
    {
        var top = new TopK(3);
        top.Reset(3);
        foreach (var (id, total) in new[] { (0, 0.2), (1, 0.9), (2, 0.1), (3, 0.7), (4, 0.95), (5, 0.3) })
        {
            top.Offer(Candidate(id, total));
        }

        Assert.True(top.IsFull);
        Assert.Equal(0.7, top.Threshold); // read before CopySorted, which sorts the heap in place

        var kept = new RankedCandidate[3];
        int n = top.CopySorted(kept);

        Assert.Equal(3, n);
        Assert.Equal([4, 1, 3], kept.Select(c => c.Volunteer.Value));
    }

    [Fact]
    public void Offer_AllTied_KeepsLowestIdsWhateverTheOrder()
    {
        var top = new TopK(4);
        top.Reset(4);
        foreach (int id in new[] { 9, 3, 7, 1, 8, 0, 5, 2, 6, 4 })
        {
            top.Offer(Candidate(id, 0.5));
        }

        var kept = new RankedCandidate[4];
        top.CopySorted(kept);

        Assert.Equal([0, 1, 2, 3], kept.Select(c => c.Volunteer.Value));
    }

    [Fact]
    public void Reset_AfterUse_StartsEmptyWithNewCapacity()
    {
        var top = new TopK(2);
        top.Reset(2);
        top.Offer(Candidate(1, 0.4));
        top.Offer(Candidate(2, 0.6));

        top.Reset(5);
        top.Offer(Candidate(3, 0.1));
        var kept = new RankedCandidate[5];
        int n = top.CopySorted(kept);

        Assert.Equal(1, n);
        Assert.Equal(5, top.Capacity);
        Assert.False(top.IsFull);
        Assert.Equal(3, kept[0].Volunteer.Value);
    }

    /// <summary>For any offers (with many ties) and any k, the kept set is the first k of the fully sorted offers.</summary>
    [Property(MaxTest = 200)]
    public bool Offer_RandomOffers_EqualsFirstKOfSort(int seed)
    {
        var random = new Random(seed);
        int n = random.Next(0, 60);
        int k = random.Next(1, 20);
        var offers = Enumerable.Range(0, n)
            .Select(id => Candidate(id, random.Next(0, 6) / 5.0)) // few distinct totals: many ties
            .OrderBy(_ => random.Next())
            .ToArray();
        var top = new TopK(1);
        top.Reset(k);
        foreach (var c in offers)
        {
            top.Offer(c);
        }

        var kept = new RankedCandidate[k];
        int count = top.CopySorted(kept);
        var expected = offers.ToList();
        expected.Sort((a, b) => RankedCandidate.Compare(a, b));

        return count == Math.Min(k, n) && expected.Take(k).SequenceEqual(kept.Take(count));
    }

    private static RankedCandidate Candidate(int id, double total) =>
        new(new VolunteerId(id), SkillLevel.Basic, new ScoreBreakdown(total, 0, 0, 0, 0, 0, 0));
}
