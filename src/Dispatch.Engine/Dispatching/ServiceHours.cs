using Dispatch.Engine.PrePlans;

namespace Dispatch.Engine.Dispatching;

/// <summary>How counted time is rounded to the rule set's unit.</summary>
public enum HoursRounding
{
    Down = 1,
    Nearest = 2,
    Up = 3,
}

/// <summary>Service hours (服务时长) of one assignment, with the rule version that produced them.</summary>
/// <param name="Travel">Time from en route (or accept) to arrival on scene.</param>
/// <param name="OnScene">Time from arrival on scene to release.</param>
/// <param name="Counted">What the rules count, after the daily cap and rounding.</param>
/// <param name="Hours">The counted time in hours.</param>
/// <param name="RuleVersion">The rule set's version, stored with the ledger entry.</param>
public sealed record ServiceHours(TimeSpan Travel, TimeSpan OnScene, TimeSpan Counted, decimal Hours, string RuleVersion);

/// <summary>
/// A versioned rule set turning an assignment's raw timestamps into service hours. Raw timestamps are always kept, so a
/// new version can recompute; the version travels with every result. Days for the cap are China civil days (UTC+8).
/// </summary>
/// <param name="Version">Stable name recorded with each result, e.g. <c>hours-v1</c>.</param>
/// <param name="IncludeTravel">Count the trip to the scene (off by default: only time on scene counts).</param>
/// <param name="RoundingUnit">Counted time is rounded to a multiple of this (positive, at most a day).</param>
/// <param name="Rounding">Direction of rounding.</param>
/// <param name="DailyCap">At most this much counts per China civil day; null for no cap.</param>
public sealed record ServiceHoursRules(string Version, bool IncludeTravel, TimeSpan RoundingUnit, HoursRounding Rounding, TimeSpan? DailyCap)
{
    private static readonly TimeSpan China = TimeSpan.FromHours(8);

    /// <summary>Version 1: on-scene time only, rounded down to 15 minutes, at most 12 hours per day.</summary>
    public static ServiceHoursRules V1 { get; } = new("hours-v1", false, TimeSpan.FromMinutes(15), HoursRounding.Down, TimeSpan.FromHours(12));

    /// <summary>Hours for a released assignment; an assignment released before reaching the scene has no on-scene time.</summary>
    /// <exception cref="ArgumentException">The assignment is not released, or its timestamps run backwards.</exception>
    public ServiceHours Compute(Assignment assignment)
    {
        ArgumentNullException.ThrowIfNull(assignment);
        ArgumentException.ThrowIfNullOrWhiteSpace(Version);
        if (RoundingUnit <= TimeSpan.Zero || RoundingUnit > TimeSpan.FromDays(1))
        {
            throw new ArgumentOutOfRangeException(nameof(RoundingUnit), RoundingUnit, "The rounding unit must be positive and at most a day.");
        }

        if (assignment.ReleasedAt is not { } released)
        {
            throw new ArgumentException($"Assignment {assignment.Offer} is not released.", nameof(assignment));
        }

        var departed = assignment.EnRouteAt ?? assignment.AcceptedAt;
        var arrived = assignment.OnSceneAt ?? released;
        if (departed < assignment.AcceptedAt || arrived < departed || released < arrived)
        {
            throw new ArgumentException($"Assignment {assignment.Offer}: timestamps must not run backwards.", nameof(assignment));
        }

        var travel = arrived - departed;
        var onScene = assignment.OnSceneAt is null ? TimeSpan.Zero : released - arrived;
        var start = IncludeTravel ? departed : arrived;
        var counted = Round(Capped(start, assignment.OnSceneAt is null && !IncludeTravel ? start : released));
        return new ServiceHours(travel, onScene, counted, decimal.Round((decimal)counted.Ticks / TimeSpan.TicksPerHour, 4), Version);
    }

    private TimeSpan Capped(DateTimeOffset from, DateTimeOffset to)
    {
        if (DailyCap is not { } cap)
        {
            return to - from;
        }

        var total = TimeSpan.Zero;
        var cursor = from.ToOffset(China);
        var end = to.ToOffset(China);
        while (cursor < end)
        {
            var nextMidnight = new DateTimeOffset(cursor.Date.AddDays(1), China);
            var dayEnd = nextMidnight < end ? nextMidnight : end;
            var part = dayEnd - cursor;
            total += part < cap ? part : cap;
            cursor = dayEnd;
        }

        return total;
    }

    private TimeSpan Round(TimeSpan value)
    {
        long units = value.Ticks / RoundingUnit.Ticks;
        long rest = value.Ticks % RoundingUnit.Ticks;
        bool up = Rounding switch
        {
            HoursRounding.Down => false,
            HoursRounding.Up => rest > 0,
            HoursRounding.Nearest => rest * 2 >= RoundingUnit.Ticks,
        };
        return TimeSpan.FromTicks((units + (up ? 1 : 0)) * RoundingUnit.Ticks);
    }
}

/// <summary>
/// Points (积分) for service hours: <see cref="PointsPerFullHour"/> for each full hour counted, plus
/// <see cref="SevereBonus"/> when the incident is at least <see cref="SevereFrom"/>. Configurable; versioned.
/// </summary>
public sealed record PointsRules(string Version, decimal PointsPerFullHour, Severity SevereFrom, decimal SevereBonus)
{
    /// <summary>Version 1: 1 point per full hour; 2 bonus points for a major or critical incident.</summary>
    public static PointsRules V1 { get; } = new("points-v1", 1m, Severity.Major, 2m);

    public decimal Compute(ServiceHours hours, Severity severity)
    {
        ArgumentNullException.ThrowIfNull(hours);
        decimal fullHours = decimal.Floor(hours.Hours);
        decimal bonus = severity >= SevereFrom ? SevereBonus : 0m;
        return (fullHours * PointsPerFullHour) + bonus;
    }
}
