using Dispatch.Engine.Dispatching;

namespace Dispatch.Engine.Tests.Dispatching;

public sealed class OfferDecisionTests
{
    private static readonly DateTimeOffset Now = DispatchFixtures.Now;

    [Fact]
    public void Decide_AcceptPendingWithOpenSeat_TakesSeat()
    {
        var d = DispatchDecisions.Decide(OfferAction.Accept, DispatchFixtures.Offer(), DispatchFixtures.Requirement(seats: 2, filled: 1), Now.AddSeconds(10));

        Assert.Equal(OfferVerdict.Applied, d.Verdict);
        Assert.Equal(OfferState.Accepted, d.NewState);
        Assert.True(d.Changed);
        Assert.True(d.TakesSeat);
        Assert.False(d.FreesVolunteer);
    }

    [Fact]
    public void Decide_AcceptAtExpiryInstant_RecordsExpired()
    {
        var offer = DispatchFixtures.Offer();

        var d = DispatchDecisions.Decide(OfferAction.Accept, offer, DispatchFixtures.Requirement(), offer.ExpiresAt);

        Assert.Equal(OfferVerdict.Expired, d.Verdict);
        Assert.Equal(OfferState.Expired, d.NewState);
        Assert.True(d.Changed);
        Assert.False(d.TakesSeat);
    }

    [Fact]
    public void Decide_AcceptWhenSeatsFull_WithdrawsAsFilled()
    {
        var d = DispatchDecisions.Decide(OfferAction.Accept, DispatchFixtures.Offer(), DispatchFixtures.Requirement(seats: 2, filled: 2), Now);

        Assert.Equal(OfferVerdict.Filled, d.Verdict);
        Assert.Equal(OfferState.Withdrawn, d.NewState);
        Assert.Equal(WithdrawReason.Filled, d.WithdrawReason);
        Assert.True(d.FreesVolunteer);
    }

    [Fact]
    public void Decide_AcceptAlreadyAccepted_RepeatsWithoutChange()
    {
        var d = DispatchDecisions.Decide(OfferAction.Accept, DispatchFixtures.Offer(state: OfferState.Accepted), DispatchFixtures.Requirement(filled: 2), Now.AddDays(1));

        Assert.Equal(OfferVerdict.Repeated, d.Verdict);
        Assert.Equal(OfferState.Accepted, d.NewState);
        Assert.False(d.Changed);
    }

    [Fact]
    public void Decide_AcceptAfterWithdrawnAsFilled_SaysFilledWithoutChange()
    {
        var d = DispatchDecisions.Decide(OfferAction.Accept, DispatchFixtures.Offer(state: OfferState.Withdrawn, withdrawn: WithdrawReason.Filled), DispatchFixtures.Requirement(), Now);

        Assert.Equal(OfferVerdict.Filled, d.Verdict);
        Assert.False(d.Changed);
    }

    [Fact]
    public void Decide_DeclineTwice_SecondIsRepeat()
    {
        var first = DispatchDecisions.Decide(OfferAction.Decline, DispatchFixtures.Offer(), DispatchFixtures.Requirement(), Now);
        var second = DispatchDecisions.Decide(OfferAction.Decline, DispatchFixtures.Offer(state: first.NewState), DispatchFixtures.Requirement(), Now);

        Assert.Equal((OfferVerdict.Applied, OfferState.Declined, true), (first.Verdict, first.NewState, first.Changed));
        Assert.Equal((OfferVerdict.Repeated, false), (second.Verdict, second.Changed));
    }

    [Fact]
    public void Decide_DeclineAcceptedOffer_IsRejectedAsFinal()
    {
        var d = DispatchDecisions.Decide(OfferAction.Decline, DispatchFixtures.Offer(state: OfferState.Accepted), DispatchFixtures.Requirement(), Now);

        Assert.Equal(OfferVerdict.AlreadyFinal, d.Verdict);
        Assert.Equal(OfferState.Accepted, d.NewState);
        Assert.False(d.Changed);
    }

    [Fact]
    public void Decide_ExpireBeforeDue_IsNotYetDue()
    {
        var offer = DispatchFixtures.Offer();

        var d = DispatchDecisions.Decide(OfferAction.Expire, offer, DispatchFixtures.Requirement(), offer.ExpiresAt.AddTicks(-1));

        Assert.Equal(OfferVerdict.NotYetDue, d.Verdict);
        Assert.False(d.Changed);
    }

    [Fact]
    public void Decide_ExpireLateOrTwice_ExpiresOnceThenRepeats()
    {
        var offer = DispatchFixtures.Offer();

        var late = DispatchDecisions.Decide(OfferAction.Expire, offer, DispatchFixtures.Requirement(), offer.ExpiresAt.AddHours(3));
        var twice = DispatchDecisions.Decide(OfferAction.Expire, offer with { State = late.NewState }, DispatchFixtures.Requirement(), offer.ExpiresAt.AddHours(4));

        Assert.Equal((OfferVerdict.Applied, OfferState.Expired), (late.Verdict, late.NewState));
        Assert.Equal(OfferVerdict.Repeated, twice.Verdict);
    }

    [Fact]
    public void Decide_ExpireAfterAccept_LeavesAccepted()
    {
        var d = DispatchDecisions.Decide(OfferAction.Expire, DispatchFixtures.Offer(state: OfferState.Accepted), DispatchFixtures.Requirement(), Now.AddHours(1));

        Assert.Equal(OfferVerdict.AlreadyFinal, d.Verdict);
        Assert.Equal(OfferState.Accepted, d.NewState);
    }

    [Fact]
    public void Decide_WithdrawPending_RecordsReason()
    {
        var d = DispatchDecisions.Decide(OfferAction.Withdraw, DispatchFixtures.Offer(), DispatchFixtures.Requirement(), Now, WithdrawReason.IncidentClosed);

        Assert.Equal(OfferState.Withdrawn, d.NewState);
        Assert.Equal(WithdrawReason.IncidentClosed, d.WithdrawReason);
        Assert.True(d.FreesVolunteer);
    }

    [Fact]
    public void WhenFilled_FullRequirement_ListsOnlyItsPendingOffers()
    {
        var requirement = DispatchFixtures.Requirement(seats: 1, filled: 1);
        var offers = new[]
        {
            DispatchFixtures.Offer(1, OfferState.Accepted),
            DispatchFixtures.Offer(2),
            DispatchFixtures.Offer(3, OfferState.Declined),
            DispatchFixtures.Offer(4),
            DispatchFixtures.Offer(5) with { Requirement = new RequirementId(99) },
        };

        Assert.Equal([new OfferId(2), new OfferId(4)], DispatchDecisions.WhenFilled(requirement, offers));
        Assert.Empty(DispatchDecisions.WhenFilled(requirement with { Filled = 0 }, offers));
    }

    [Theory]
    [InlineData(2, 0, 1.5, 0, 3)]
    [InlineData(2, 0, 1.5, 2, 1)]
    [InlineData(2, 1, 1.0, 0, 1)]
    [InlineData(2, 2, 2.0, 0, 0)]
    [InlineData(3, 0, 1.0, 5, 0)]
    public void OffersWanted_SeatsFactorAndPending_TopsUpToTarget(int seats, int filled, double factor, int pending, int expected)
    {
        Assert.Equal(expected, DispatchDecisions.OffersWanted(DispatchFixtures.Requirement(seats, filled), pending, factor));
    }
}
