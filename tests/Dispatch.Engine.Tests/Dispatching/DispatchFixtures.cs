using Dispatch.Engine.Dispatching;
using Dispatch.Engine.Geo;
using Dispatch.Engine.Pool;
using Dispatch.Engine.PrePlans;
using Dispatch.Engine.Tests.Matching;

namespace Dispatch.Engine.Tests.Dispatching;

/// <summary>Records for lifecycle decisions: an open flood incident at the matching fixtures' place and time.</summary>
internal static class DispatchFixtures
{
    public static readonly DateTimeOffset Now = MatchFixtures.Now;

    public static Incident Incident(Severity severity = Severity.Minor) => new(
        new IncidentId(1), "flood", severity, MatchFixtures.Incident, "南京市应急管理局", "鼓楼广场北门", "", TimeSpan.FromSeconds(120),
        IncidentState.Open, Now, "commander", IsDrill: false);

    public static Requirement Requirement(int seats = 2, int filled = 0, Skill? skill = null, int level = 2, double radiusKm = 20, int step = 0) => new(
        new RequirementId(10), new IncidentId(1), skill ?? Skill.Rescue, new SkillLevel(level), seats, filled,
        Meters.FromKilometers(radiusKm), new SkillLevel(level), step);

    public static Offer Offer(long id = 100, OfferState state = OfferState.Pending, WithdrawReason? withdrawn = null, int volunteer = 0) => new(
        new OfferId(id), new IncidentId(1), new RequirementId(10), new VolunteerId(volunteer), state, Now, Now.AddSeconds(120),
        null, null, "风险告知", "鼓楼广场北门", Now, Now.AddHours(1), null, false, null, withdrawn, null);
}
