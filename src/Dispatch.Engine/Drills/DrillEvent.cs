using Dispatch.Engine.Dispatching;
using Dispatch.Engine.Pool;

namespace Dispatch.Engine.Drills;

/// <summary>
/// One fact of a drill run that scoring needs, at an offset from the drill's start. The runner appends these to a
/// <see cref="DrillLog"/> as the lifecycle commits them (it reads them off the change feed).
/// </summary>
public abstract record DrillEvent
{
    private protected DrillEvent(TimeSpan at)
    {
        if (at < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(at), at, "A drill event cannot happen before the drill starts.");
        }

        At = at;
    }

    public TimeSpan At { get; }

    /// <summary>A requirement (需求) of an injected incident was planned with a number of seats.</summary>
    public sealed record RequirementOpened(TimeSpan Time, RequirementId Requirement, string IncidentId, Skill Skill, int Seats) : DrillEvent(Time);

    /// <summary>A severity change re-planned a requirement to a new number of seats (0 drops it).</summary>
    public sealed record SeatsChanged(TimeSpan Time, RequirementId Requirement, int Seats) : DrillEvent(Time);

    public sealed record OfferSent(TimeSpan Time, OfferId Offer, RequirementId Requirement, VolunteerId Volunteer) : DrillEvent(Time);

    /// <summary>The volunteer answered in time: accepted (an assignment, logged as <see cref="SeatFilled"/> too) or declined.</summary>
    public sealed record OfferAnswered(TimeSpan Time, OfferId Offer, bool Accepted) : DrillEvent(Time);

    public sealed record OfferExpired(TimeSpan Time, OfferId Offer) : DrillEvent(Time);

    public sealed record OfferWithdrawn(TimeSpan Time, OfferId Offer, WithdrawReason Reason) : DrillEvent(Time);

    /// <summary>A seat of the requirement was filled by the volunteer's accept.</summary>
    public sealed record SeatFilled(TimeSpan Time, RequirementId Requirement, VolunteerId Volunteer) : DrillEvent(Time);

    /// <summary>A shortfall (缺口) with its reason, as the lifecycle records and pushes it to the commander.</summary>
    public sealed record ShortfallRecorded(TimeSpan Time, RequirementId Requirement, string Reason) : DrillEvent(Time);
}
