using Dispatch.Engine.Dispatching;
using Dispatch.Engine.Matching;
using Dispatch.Engine.PrePlans;
using Dispatch.Engine.Tests.Matching;
using Dispatch.Engine.Tests.PrePlans;

namespace Dispatch.Engine.Tests.Dispatching;

public sealed class PlanOffersTests
{
    private static readonly IncidentPlan Plan = PrePlanBook().Expand("flood", Severity.Minor);

    [Fact]
    public void PlanOffers_ChosenCandidates_GetExpiryRiskStatementAndScore()
    {
        var pool = MatchFixtures.PoolOf(new VolunteerBuilder().AtKm(1), new VolunteerBuilder().AtKm(2), new VolunteerBuilder().AtKm(50));
        var incident = DispatchFixtures.Incident();
        var requirement = DispatchFixtures.Requirement(seats: 2);
        var open = DispatchDecisions.ToOpenRequirement(incident, requirement, Plan, DispatchDecisions.OffersWanted(requirement, 0, 1.5), DispatchFixtures.Now);

        var matches = new JointMatcher().Match(SpatialIndex.Build(pool), [open]);
        var plan = DispatchDecisions.PlanOffers(incident, [requirement], matches, Plan, DispatchFixtures.Now);

        Assert.Equal(3, open.Offers);
        Assert.Equal([0, 1], plan.Offers.Select(o => o.Volunteer.Value));
        Assert.All(plan.Offers, o =>
        {
            Assert.Equal(DispatchFixtures.Now.AddSeconds(120), o.ExpiresAt);
            Assert.Contains("鼓楼广场北门", o.RiskStatement, StringComparison.Ordinal);
            Assert.Contains("洪涝", o.RiskStatement, StringComparison.Ordinal);
            Assert.Contains("北京时间", o.RiskStatement, StringComparison.Ordinal);
            Assert.True(o.Score.Total > 0);
            Assert.True(o.WindowTo > o.ExpiresAt);
        });
        var shortfall = Assert.Single(plan.Shortfalls);
        Assert.Equal(requirement.Id, shortfall.Requirement);
        Assert.Contains("2 of 3 found", shortfall.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void PlanOffers_MatchOfAnotherIncident_IsIgnored()
    {
        var pool = MatchFixtures.PoolOf(new VolunteerBuilder());
        var incident = DispatchFixtures.Incident();
        var requirement = DispatchFixtures.Requirement(seats: 1);
        var other = DispatchFixtures.Requirement(seats: 1) with { Id = new RequirementId(77) };
        var matches = new JointMatcher().Match(SpatialIndex.Build(pool), [DispatchDecisions.ToOpenRequirement(incident, other, Plan, 1, DispatchFixtures.Now)]);

        var plan = DispatchDecisions.PlanOffers(incident, [requirement], matches, Plan, DispatchFixtures.Now);

        Assert.Empty(plan.Offers);
        Assert.Empty(plan.Shortfalls);
    }

    private static PrePlanBook PrePlanBook() => PrePlanBuilder.Book(new PrePlanBuilder().Build());
}
