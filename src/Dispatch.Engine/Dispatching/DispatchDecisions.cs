using Dispatch.Engine.Matching;
using Dispatch.Engine.PrePlans;

namespace Dispatch.Engine.Dispatching;

/// <summary>
/// The pure decisions of the dispatch lifecycle: snapshot and <c>now</c> in, decision with reasons out. No clock, no I/O;
/// the Host records what they return in one transaction, and the store's conditional updates settle races.
/// </summary>
public static class DispatchDecisions
{
    /// <summary>
    /// How many new offers a requirement wants: open seats × the over-offer factor (rounded up), less the offers already
    /// pending. Never negative.
    /// </summary>
    public static int OffersWanted(Requirement requirement, int pendingOffers, double overOfferFactor)
    {
        ArgumentNullException.ThrowIfNull(requirement);
        ArgumentOutOfRangeException.ThrowIfNegative(pendingOffers);
        if (!double.IsFinite(overOfferFactor) || overOfferFactor < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(overOfferFactor), overOfferFactor, "The over-offer factor is at least 1.");
        }

        int target = (int)Math.Ceiling(Math.Round(requirement.OpenSeats * overOfferFactor, 9));
        return Math.Max(0, target - pendingOffers);
    }

    /// <summary>The joint matcher's view of a requirement; the key is the requirement id.</summary>
    public static OpenRequirement ToOpenRequirement(
        Incident incident, Requirement requirement, IncidentPlan plan, int offersWanted, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(incident);
        ArgumentNullException.ThrowIfNull(requirement);
        ArgumentNullException.ThrowIfNull(plan);
        var query = new MatchQuery(incident.Location, requirement.Skill, requirement.CurrentMinLevel, requirement.Radius, Math.Max(1, offersWanted), now)
        {
            Hazardous = plan.RequiresInsurance,
            Weights = plan.Weights,
        };
        return new OpenRequirement(requirement.Id.Value, query, offersWanted, incident.Severity.PriorityWeight());
    }

    /// <summary>
    /// The offers to write for the chosen candidates of each match: expiry = now + the incident's offer timeout, the
    /// risk statement rendered from the plan's template, the meeting point and the arrival window as sent. Matches
    /// whose key is not one of <paramref name="requirements"/> are ignored (they belong to other incidents).
    /// </summary>
    public static OfferPlan PlanOffers(
        Incident incident,
        IReadOnlyList<Requirement> requirements,
        IReadOnlyList<RequirementMatch> matches,
        IncidentPlan plan,
        DateTimeOffset now,
        DispatchPolicy? policy = null)
    {
        ArgumentNullException.ThrowIfNull(incident);
        ArgumentNullException.ThrowIfNull(requirements);
        ArgumentNullException.ThrowIfNull(matches);
        ArgumentNullException.ThrowIfNull(plan);
        policy ??= DispatchPolicy.Default;
        var byId = requirements.ToDictionary(r => r.Id.Value);
        var offers = new List<PlannedOffer>();
        var shortfalls = new List<PlannedShortfall>();
        foreach (var match in matches)
        {
            if (!byId.TryGetValue(match.Key, out var requirement))
            {
                continue;
            }

            foreach (var candidate in match.Chosen)
            {
                var windowTo = now + incident.OfferTimeout + TimeSpan.FromSeconds(candidate.Score.EtaSeconds) + policy.ArrivalSlack;
                string window = policy.FormatWindow(now, windowTo);
                offers.Add(new PlannedOffer(
                    requirement.Id,
                    candidate.Volunteer,
                    now,
                    now + incident.OfferTimeout,
                    RiskStatement.Render(plan.RiskStatementTemplate, plan.Type, incident.Severity, incident.MeetingPoint, window),
                    incident.MeetingPoint,
                    now,
                    windowTo,
                    candidate.Score));
            }

            if (match.Shortfall is { } shortfall)
            {
                shortfalls.Add(new PlannedShortfall(requirement.Id, shortfall, match.TakenByOtherRequirements, ShortfallReason(shortfall, match.TakenByOtherRequirements)));
            }
        }

        return new OfferPlan(offers, shortfalls);
    }

    /// <summary>
    /// What <paramref name="action"/> does to <paramref name="offer"/> at <paramref name="now"/>. Only a pending offer
    /// changes; a repeat of the action that ended it returns <see cref="OfferVerdict.Repeated"/> (idempotent); an offer is
    /// expired from its expiry instant on; an accept takes a seat only while one is open.
    /// </summary>
    public static OfferDecision Decide(
        OfferAction action, Offer offer, Requirement requirement, DateTimeOffset now, WithdrawReason withdrawReason = WithdrawReason.Commander)
    {
        ArgumentNullException.ThrowIfNull(offer);
        ArgumentNullException.ThrowIfNull(requirement);
        if (offer.State != OfferState.Pending)
        {
            return DecideFinal(action, offer, withdrawReason);
        }

        bool due = now >= offer.ExpiresAt;
        return action switch
        {
            OfferAction.Accept when due => Change(OfferVerdict.Expired, OfferState.Expired, null, $"The offer expired at {offer.ExpiresAt:O}, before the accept."),
            OfferAction.Accept when requirement.IsFull => Change(OfferVerdict.Filled, OfferState.Withdrawn, WithdrawReason.Filled, $"All {requirement.Seats} seats of {requirement.Id} are taken."),
            OfferAction.Accept => new OfferDecision(OfferVerdict.Applied, OfferState.Accepted, true, null, true, $"Accepted: seat {requirement.Filled + 1} of {requirement.Seats}."),
            OfferAction.Decline when due => Change(OfferVerdict.Expired, OfferState.Expired, null, $"The offer expired at {offer.ExpiresAt:O}, before the decline."),
            OfferAction.Decline => Change(OfferVerdict.Applied, OfferState.Declined, null, "Declined by the volunteer."),
            OfferAction.Expire when due => Change(OfferVerdict.Applied, OfferState.Expired, null, $"No answer by {offer.ExpiresAt:O}."),
            OfferAction.Expire => Keep(OfferVerdict.NotYetDue, offer, $"The offer runs until {offer.ExpiresAt:O}."),
            OfferAction.Withdraw => Change(OfferVerdict.Applied, OfferState.Withdrawn, withdrawReason, $"Withdrawn: {withdrawReason}."),
        };
    }

    /// <summary>When <paramref name="requirement"/> is full, its pending offers, each to withdraw as <see cref="WithdrawReason.Filled"/>.</summary>
    public static IReadOnlyList<OfferId> WhenFilled(Requirement requirement, IEnumerable<Offer> offers)
    {
        ArgumentNullException.ThrowIfNull(requirement);
        ArgumentNullException.ThrowIfNull(offers);
        return requirement.IsFull
            ? [.. offers.Where(o => o.Requirement == requirement.Id && o.State == OfferState.Pending).Select(o => o.Id)]
            : [];
    }

    private static OfferDecision DecideFinal(OfferAction action, Offer offer, WithdrawReason withdrawReason)
    {
        bool repeat = (action, offer.State) switch
        {
            (OfferAction.Accept, OfferState.Accepted) => true,
            (OfferAction.Decline, OfferState.Declined) => true,
            (OfferAction.Expire, OfferState.Expired) => true,
            (OfferAction.Withdraw, OfferState.Withdrawn) => offer.WithdrawReason == withdrawReason,
            _ => false,
        };
        if (repeat)
        {
            return Keep(OfferVerdict.Repeated, offer, $"Already {offer.State}.");
        }

        // Tell the volunteer the same thing the first time would have: too late, or the seats are taken.
        return offer.State switch
        {
            OfferState.Expired => Keep(OfferVerdict.Expired, offer, $"The offer expired at {offer.ExpiresAt:O}."),
            OfferState.Withdrawn when offer.WithdrawReason == WithdrawReason.Filled => Keep(OfferVerdict.Filled, offer, "All seats were taken; the offer was withdrawn."),
            OfferState.Pending or OfferState.Accepted or OfferState.Declined or OfferState.Withdrawn =>
                Keep(OfferVerdict.AlreadyFinal, offer, $"The offer is already {offer.State}{(offer.WithdrawReason is { } w ? $" ({w})" : "")}."),
        };
    }

    private static OfferDecision Change(OfferVerdict verdict, OfferState state, WithdrawReason? reason, string why) =>
        new(verdict, state, true, state == OfferState.Withdrawn ? reason : null, false, why);

    private static OfferDecision Keep(OfferVerdict verdict, Offer offer, string why) =>
        new(verdict, offer.State, false, offer.WithdrawReason, false, why);

    private static string ShortfallReason(Shortfall shortfall, int taken)
    {
        if (shortfall.NobodyWithSkillInRadius && taken == 0)
        {
            return "Nobody with the skill is inside the radius.";
        }

        var reasons = string.Join(", ", shortfall.Reasons.Where(kv => kv.Value > 0).OrderByDescending(kv => kv.Value).Select(kv => $"{kv.Key} {kv.Value}"));
        return $"{shortfall.Found} of {shortfall.Needed} found" +
            (taken > 0 ? $"; {taken} went to other incidents" : "") +
            (reasons.Length > 0 ? $"; ineligible: {reasons}." : ".");
    }
}
