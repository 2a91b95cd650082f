using Dispatch.Engine.Dispatching;
using Dispatch.Engine.Geo;
using Dispatch.Engine.Pool;
using Dispatch.Engine.PrePlans;

namespace Dispatch.Engine.Drills;

/// <summary>What a simulated volunteer sees of an offer: who, which offer, how far, how severe, when it arrived.</summary>
/// <param name="Volunteer">The volunteer offered.</param>
/// <param name="Offer">The offer's id in the record.</param>
/// <param name="Distance">Distance from the volunteer to the incident.</param>
/// <param name="Severity">The incident's severity when the offer was sent.</param>
/// <param name="SentAt">When the offer was delivered (virtual clock).</param>
public readonly record struct SimulatedOffer(VolunteerId Volunteer, OfferId Offer, Meters Distance, Severity Severity, DateTimeOffset SentAt);

/// <summary>How a simulated volunteer reacts to an offer.</summary>
public enum SimulatedReaction
{
    /// <summary>Answers "accept" after <see cref="SimulatedAnswer.Delay"/>.</summary>
    Accept = 1,

    /// <summary>Answers "decline" after <see cref="SimulatedAnswer.Delay"/>.</summary>
    Decline = 2,

    /// <summary>Never answers: the offer expires.</summary>
    Silent = 3,
}

/// <summary>
/// The simulated answer to one offer. An answer whose <see cref="AnswerAt"/> falls at or after the offer's expiry is
/// the runner's to submit anyway: the lifecycle records it as expired, as it would a real late answer.
/// </summary>
/// <param name="Reaction">Accept, decline or silence.</param>
/// <param name="Delay">Answer delay after delivery (for silence: the delay it would have had; unused).</param>
/// <param name="NoShow">For an accept: the volunteer never arrives on scene.</param>
/// <param name="Travel">For an accept: the time from accepting to arriving on scene at the behaviour's travel speed.</param>
/// <param name="SentAt">When the offer was delivered.</param>
public readonly record struct SimulatedAnswer(SimulatedReaction Reaction, TimeSpan Delay, bool NoShow, TimeSpan Travel, DateTimeOffset SentAt)
{
    /// <summary>When the answer reaches the system; null for silence.</summary>
    public DateTimeOffset? AnswerAt => Reaction == SimulatedReaction.Silent ? null : SentAt + Delay;

    /// <summary>When an accepting volunteer reaches the scene; null unless accepted and showing up.</summary>
    public DateTimeOffset? ArrivesAt => Reaction == SimulatedReaction.Accept && !NoShow ? SentAt + Delay + Travel : null;
}
