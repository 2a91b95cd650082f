using Dispatch.Engine.Matching;
using Dispatch.Engine.PrePlans;

namespace Dispatch.Engine.Dispatching;

/// <summary>The decision on a commander's manual pick: allowed or refused, with the rule behind it.</summary>
/// <param name="Allowed">True when the offer may be sent.</param>
/// <param name="Reason">The first eligibility rule the volunteer fails (<see cref="Ineligibility.None"/> when eligible).</param>
/// <param name="Forced">True when a failed rule was overridden by the commander's forced pick.</param>
/// <param name="Offer">The offer to write when allowed.</param>
/// <param name="Explanation">Why, in words, for the audit trail and the commander.</param>
public sealed record ManualPickDecision(bool Allowed, Ineligibility Reason, bool Forced, PlannedOffer? Offer, string Explanation);

/// <summary>
/// A manual pick is a direct offer (志愿服务条例 Art. 25: offers, never orders): the volunteer still accepts or declines.
/// Eligibility applies unless the commander forces the pick with a reason — and a force never overrides the law: no
/// minors, no uninsured volunteer, no expired credential for a legally regulated skill, never someone already committed.
/// </summary>
public static class ManualPickDecisions
{
    /// <summary>Whether a forced pick may override <paramref name="reason"/>.</summary>
    public static bool Overridable(Ineligibility reason, bool legallyRegulatedSkill) => reason switch
    {
        Ineligibility.None => true,
        Ineligibility.Minor or Ineligibility.Uninsured or Ineligibility.Committed => false,
        Ineligibility.CertificationExpired => !legallyRegulatedSkill,
        Ineligibility.LevelTooLow or Ineligibility.OffDuty or Ineligibility.Resting or Ineligibility.OverFatigueLimit
            or Ineligibility.LocationStale or Ineligibility.OutsideRadius => true,
    };

    public static ManualPickDecision Decide(
        Incident incident,
        Requirement requirement,
        IncidentPlan plan,
        Ineligibility reason,
        RankedCandidate candidate,
        bool legallyRegulatedSkill,
        string? forceReason,
        DateTimeOffset now,
        DispatchPolicy? policy = null)
    {
        ArgumentNullException.ThrowIfNull(incident);
        ArgumentNullException.ThrowIfNull(requirement);
        ArgumentNullException.ThrowIfNull(plan);
        policy ??= DispatchPolicy.Default;
        bool forced = !string.IsNullOrWhiteSpace(forceReason);
        if (incident.State != IncidentState.Open)
        {
            return new ManualPickDecision(false, reason, false, null, $"Incident {incident.Id} is {incident.State}.");
        }

        if (requirement.IsFull)
        {
            return new ManualPickDecision(false, reason, false, null, $"All {requirement.Seats} seats of {requirement.Id} are filled.");
        }

        if (reason != Ineligibility.None && !(forced && Overridable(reason, legallyRegulatedSkill)))
        {
            string why = Overridable(reason, legallyRegulatedSkill)
                ? $"Not eligible: {reason}. Force the pick with a reason to offer anyway."
                : $"Not eligible: {reason}. The law does not allow overriding this.";
            return new ManualPickDecision(false, reason, false, null, why);
        }

        var windowTo = now + incident.OfferTimeout + TimeSpan.FromSeconds(candidate.Score.EtaSeconds) + policy.ArrivalSlack;
        var offer = new PlannedOffer(
            requirement.Id, candidate.Volunteer, now, now + incident.OfferTimeout,
            RiskStatement.Render(plan.RiskStatementTemplate, plan.Type, incident.Severity, incident.MeetingPoint, policy.FormatWindow(now, windowTo)),
            incident.MeetingPoint, now, windowTo, candidate.Score);
        return reason == Ineligibility.None
            ? new ManualPickDecision(true, reason, false, offer, "Eligible: direct offer.")
            : new ManualPickDecision(true, reason, true, offer, $"Forced over {reason}: {forceReason}");
    }
}
