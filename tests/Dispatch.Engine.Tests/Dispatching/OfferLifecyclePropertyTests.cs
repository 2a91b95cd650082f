using Dispatch.Engine.Dispatching;
using FsCheck;
using FsCheck.Xunit;

namespace Dispatch.Engine.Tests.Dispatching;

/// <summary>
/// Random sequences of accepts, declines, expiries and withdrawals over one requirement, applied the way the record
/// applies decisions (a change only from pending; a seat taken per accept; pending offers withdrawn once full).
/// </summary>
[Properties(MaxTest = 500)]
public sealed class OfferLifecyclePropertyTests
{
    private static readonly OfferAction[] Actions = [OfferAction.Accept, OfferAction.Decline, OfferAction.Expire, OfferAction.Withdraw];

    [Property]
    public void Decide_AnySequence_NeverMoreAcceptsThanSeats(PositiveInt seats, PositiveInt offerCount, uint[] steps)
    {
        var run = Run(1 + (seats.Get % 3), 1 + (offerCount.Get % 6), steps);

        int accepted = run.Offers.Count(o => o.State == OfferState.Accepted);
        Assert.True(accepted <= run.Requirement.Seats, $"{accepted} accepts for {run.Requirement.Seats} seats");
        Assert.Equal(accepted, run.Requirement.Filled);
    }

    [Property]
    public void Decide_AnySequence_FinalStatesNeverChange(PositiveInt seats, PositiveInt offerCount, uint[] steps)
    {
        var run = Run(1 + (seats.Get % 3), 1 + (offerCount.Get % 6), steps);

        Assert.Empty(run.Violations);
    }

    [Property]
    public void Decide_AnySequence_FullRequirementLeavesNoPendingOffer(PositiveInt seats, PositiveInt offerCount, uint[] steps)
    {
        var run = Run(1 + (seats.Get % 3), 1 + (offerCount.Get % 6), steps);

        if (run.Requirement.IsFull)
        {
            Assert.DoesNotContain(run.Offers, o => o.State == OfferState.Pending);
        }
    }

    private static (Requirement Requirement, List<Offer> Offers, List<string> Violations) Run(int seats, int offerCount, uint[] steps)
    {
        var requirement = DispatchFixtures.Requirement(seats: seats);
        var offers = Enumerable.Range(0, offerCount).Select(i => DispatchFixtures.Offer(i, volunteer: i)).ToList();
        var violations = new List<string>();
        var now = DispatchFixtures.Now;
        foreach (uint step in steps ?? [])
        {
            var action = Actions[step % 4];
            int i = (int)((step / 4) % (uint)offerCount);
            now = now.AddSeconds((step / 32) % 50); // sometimes crosses the 120 s expiry
            var before = offers[i];
            var reason = (WithdrawReason)(1 + ((step / 4096) % 4));
            var d = DispatchDecisions.Decide(action, before, requirement, now, reason);
            if (before.State.IsFinal() && (d.Changed || d.NewState != before.State))
            {
                violations.Add($"{before.Id} {before.State} changed by {action} to {d.NewState}");
            }

            if (!d.Changed)
            {
                continue;
            }

            offers[i] = before with { State = d.NewState, WithdrawReason = d.WithdrawReason, AnsweredAt = now };
            if (d.TakesSeat)
            {
                requirement = requirement with { Filled = requirement.Filled + 1 };
                foreach (var id in DispatchDecisions.WhenFilled(requirement, offers))
                {
                    int j = offers.FindIndex(o => o.Id == id);
                    var w = DispatchDecisions.Decide(OfferAction.Withdraw, offers[j], requirement, now, WithdrawReason.Filled);
                    offers[j] = offers[j] with { State = w.NewState, WithdrawReason = w.WithdrawReason };
                }
            }
        }

        return (requirement, offers, violations);
    }
}
