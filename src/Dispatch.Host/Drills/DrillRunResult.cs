using Dispatch.Engine.Dispatching;
using Dispatch.Engine.Drills;
using Dispatch.Engine.Pool;

namespace Dispatch.Host.Drills;

/// <summary>How a run ended.</summary>
public enum DrillRunStatus
{
    /// <summary>Ran to the scenario's end.</summary>
    Completed = 1,

    /// <summary>The trainer stopped it; scored as far as it got.</summary>
    Stopped = 2,
}

/// <summary>One line of the drill's event timeline (injections and the lifecycle's notable events).</summary>
/// <param name="At">Offset from the drill's start.</param>
/// <param name="Kind">Stable kind: an audit kind (<c>shortfall.recorded</c>) or an injection (<c>inject.incident</c>).</param>
/// <param name="Incident">The scenario id of the incident concerned, if any.</param>
/// <param name="Text">What happened, in Chinese with English terms where useful.</param>
public sealed record DrillTimelineEntry(TimeSpan At, string Kind, string? Incident, string Text);

/// <summary>A requirement of the run: the record's id, its incident's scenario id and skill.</summary>
public sealed record DrillRequirementInfo(RequirementId Id, string IncidentId, Skill Skill, int MinLevel);

/// <summary>The live state of a run for the scoreboard: score so far, seats, offers, the latest timeline lines.</summary>
/// <param name="At">Virtual offset reached.</param>
/// <param name="Duration">The scenario's duration.</param>
/// <param name="Score">The score if the drill ended now (open seats count against it).</param>
/// <param name="Seats">Seats planned so far.</param>
/// <param name="Filled">Seats filled so far.</param>
/// <param name="OffersSent">Offers sent.</param>
/// <param name="Accepted">Offers accepted.</param>
/// <param name="Declined">Offers declined.</param>
/// <param name="Expired">Offers expired unanswered.</param>
/// <param name="Shortfalls">Shortfalls recorded.</param>
/// <param name="Recent">The latest timeline lines, oldest first.</param>
/// <param name="FillP90">P90 of the seats' fill times so far; null while none is filled.</param>
public sealed record DrillScoreboard(
    TimeSpan At, TimeSpan Duration, double Score, int Seats, int Filled, int OffersSent, int Accepted, int Declined, int Expired, int Shortfalls,
    IReadOnlyList<DrillTimelineEntry> Recent, TimeSpan? FillP90 = null);

/// <summary>Everything a finished run produced: the score, the log it was scored from and what the report shows.</summary>
public sealed record DrillRunResult(
    DrillScenario Scenario,
    string Team,
    DateTimeOffset Start,
    DrillRunStatus Status,
    TimeSpan EndedAt,
    DrillScore Score,
    DrillLog Log,
    IReadOnlyList<DrillTimelineEntry> Timeline,
    IReadOnlyList<DrillRequirementInfo> Requirements,
    IReadOnlyDictionary<VolunteerId, int> OffersPerVolunteer,
    IReadOnlyDictionary<VolunteerId, int> AssignmentsPerVolunteer,
    IReadOnlyDictionary<OfferId, TimeSpan> Arrivals,
    int NoShows,
    int PoolSize,
    int Steps,
    TimeSpan WallTime,
    string? KeptRecordFolder = null)
{
    public int Accepted => Log.Events.Count(e => e is DrillEvent.OfferAnswered { Accepted: true });

    public int Declined => Log.Events.Count(e => e is DrillEvent.OfferAnswered { Accepted: false });

    public int Expired => Log.Events.Count(e => e is DrillEvent.OfferExpired);

    public int OffersSent => Log.Events.Count(e => e is DrillEvent.OfferSent);

    /// <summary>Answered (accepted or declined) ÷ offers sent; 0 when none was sent.</summary>
    public double ResponseRate => OffersSent == 0 ? 0 : (double)(Accepted + Declined) / OffersSent;

    /// <summary>Mean fill time over the filled seats, null when none filled.</summary>
    public TimeSpan? MeanFill
    {
        get
        {
            var times = Score.Requirements.SelectMany(r => r.FillTimes).ToArray();
            return times.Length == 0 ? null : TimeSpan.FromTicks((long)times.Average(t => t.Ticks));
        }
    }
}
