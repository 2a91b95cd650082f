using System.Globalization;
using Dispatch.Engine.Matching;
using Dispatch.Engine.Pool;

namespace Dispatch.Engine.Dispatching;

/// <summary>An offer to write: everything the volunteer is told, and the score behind the choice.</summary>
public sealed record PlannedOffer(
    RequirementId Requirement,
    VolunteerId Volunteer,
    DateTimeOffset SentAt,
    DateTimeOffset ExpiresAt,
    string RiskStatement,
    string MeetingPoint,
    DateTimeOffset WindowFrom,
    DateTimeOffset WindowTo,
    ScoreBreakdown Score);

/// <summary>A requirement that could not get all the offers it wanted (缺口), with the reason in words.</summary>
public sealed record PlannedShortfall(RequirementId Requirement, Shortfall Shortfall, int TakenByOtherRequirements, string Reason);

/// <summary>The outcome of <see cref="DispatchDecisions.PlanOffers"/>.</summary>
public sealed record OfferPlan(IReadOnlyList<PlannedOffer> Offers, IReadOnlyList<PlannedShortfall> Shortfalls);

/// <summary>Dispatch values that are policy rather than law; the defaults are planning values.</summary>
/// <param name="ArrivalSlack">Added to offer timeout + ETA to close the arrival window written in the offer.</param>
public sealed record DispatchPolicy(TimeSpan ArrivalSlack)
{
    private static readonly TimeSpan China = TimeSpan.FromHours(8);

    public static DispatchPolicy Default { get; } = new(TimeSpan.FromMinutes(30));

    /// <summary>The window as written in the risk statement, in China Standard Time: <c>06-02 01:00 至 01:45</c>.</summary>
    public string FormatWindow(DateTimeOffset from, DateTimeOffset to)
    {
        var f = from.ToOffset(China);
        var t = to.ToOffset(China);
        string end = f.Date == t.Date
            ? t.ToString("HH:mm", CultureInfo.InvariantCulture)
            : t.ToString("MM-dd HH:mm", CultureInfo.InvariantCulture);
        return $"{f.ToString("MM-dd HH:mm", CultureInfo.InvariantCulture)} 至 {end}（北京时间）";
    }
}
