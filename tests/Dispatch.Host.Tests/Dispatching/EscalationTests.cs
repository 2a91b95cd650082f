using Dispatch.Engine.Dispatching;
using Dispatch.Engine.Geo;
using Dispatch.Engine.Matching;
using Dispatch.Engine.Pool;
using Dispatch.Engine.PrePlans;
using Dispatch.Host.Dispatching;
using Dispatch.Host.Records;
using Dispatch.Host.Startup;
using Dispatch.Host.Tests.Records;
using Microsoft.Extensions.Time.Testing;

namespace Dispatch.Host.Tests.Dispatching;

/// <summary>
/// The ladder of a fire plan (1 rescuer of level ≥ 2 within 20 km): widen to 40 km, relax the level by one, call a
/// water-rescue team, alert the commander. The only volunteer is a level-1 rescuer 30 km away, so every rung matters.
/// </summary>
public sealed class EscalationTests : IAsyncLifetime
{
    private static readonly GeoPoint Centre = new(32.06, 118.80);
    private TempRecord _record = null!;
    private LivePool _live = null!;
    private DispatchServices _services = null!;

    public async Task InitializeAsync()
    {
        var pool = new VolunteerPool(SkillCatalog.Default, 1);
        var team = pool.AddTeam("南京市蓝天救援队", "water_rescue", null, new GeoPoint(32.10, 118.85), 0);
        var far = new GeoPoint(Centre.Latitude + (30 / 111.195), Centre.Longitude);
        pool.Add(new Volunteer
        {
            Id = new VolunteerId(0),
            Team = team,
            BirthDate = new DateOnly(1990, 5, 20),
            Home = far,
            LastKnown = far,
            LastSeenAt = TempRecord.Now.AddMinutes(-5),
            Skills = [new VolunteerSkill(Skill.Rescue, SkillLevel.Basic, new DateOnly(2027, 12, 31))],
            InsuranceValidUntil = new DateOnly(2027, 12, 31),
            Duty = DutyState.OnDuty,
        });
        _record = await TempRecord.CreateAsync();
        _live = new LivePool(pool, PoolOrigin.Generated);
        var book = new PrePlanBook(
            IncidentType.Defaults.Where(t => t.Key == "fire"),
            [new PrePlan("fire", Severity.Minor, [new RequirementTemplate(Skill.Rescue, SkillLevel.Skilled, 1)], Meters.FromKilometers(20),
                TimeSpan.FromSeconds(120), 1.0, ScoreWeights.Default,
                [new EscalationStep.WidenRadius(Meters.FromKilometers(40)), new EscalationStep.RelaxLevel(1),
                 new EscalationStep.CallTeam("water_rescue"), new EscalationStep.AlertCommander("救援力量缺口")],
                "【风险告知】{incident}{severity}：请于{time_window}到达{meeting_point}。")],
            SkillCatalog.Default);
        _services = new DispatchServices(_record.Store, _live, book, new FakeTimeProvider(TempRecord.Now));
    }

    public async Task DisposeAsync()
    {
        _live.Dispose();
        await _record.DisposeAsync();
    }

    [Fact]
    public async Task Escalate_ThroughTheLadder_WidensRelaxesOffersCallsAlertsThenExhausts()
    {
        var created = await new CreateIncident(_services).ExecuteAsync(
            new CreateIncidentCommand("fire", Severity.Minor, Centre, "南京市消防救援支队", "新街口东", "商场火情", null, false, "commander:zhang"));
        Assert.Empty(created.OffersSent);
        var requirement = Assert.Single(created.Requirements).Id;
        var escalate = new EscalateRequirement(_services);

        var widen = await escalate.ExecuteAsync(requirement, "commander:zhang", "无人应答");
        Assert.Equal(EscalationStatus.Escalated, widen.Status);
        Assert.Equal(40_000, widen.Requirement!.Radius.Value);
        Assert.Empty(widen.Round.OffersSent); // the only rescuer is within 40 km now, but below level 2

        var relax = await escalate.ExecuteAsync(requirement, "commander:zhang", "仍无人");
        Assert.Equal(SkillLevel.Basic, relax.Requirement!.CurrentMinLevel);
        Assert.Equal([0], relax.Round.OffersSent.Select(o => o.Volunteer.Value));
        Assert.Equal(CommitmentState.Offered, _live.Pool.Commitment(new VolunteerId(0)));

        var call = await escalate.ExecuteAsync(requirement, "commander:zhang", "增援");
        Assert.Equal("南京市蓝天救援队", Assert.Single(call.Team!.Nearest).Name);

        var alert = await escalate.ExecuteAsync(requirement, "commander:zhang", "报告");
        Assert.Equal("救援力量缺口", alert.Decision!.Alert);

        var exhausted = await escalate.ExecuteAsync(requirement, "commander:zhang", "再试");
        Assert.Equal(EscalationStatus.Exhausted, exhausted.Status);

        var audit = await _record.Store.ReadAsync(r => r.GetAuditForIncidentAsync(created.Incident.Id));
        Assert.Equal(4, audit.Count(e => e.Kind == AuditKinds.Escalated));
        Assert.Single(audit, e => e.Kind == AuditKinds.EscalationExhausted);
    }

    [Fact]
    public async Task AutoEscalation_OnShortfall_ClimbsUntilOffersGoOutThenThroughNotifyRungsOnDecline()
    {
        var created = await new CreateIncident(_services).ExecuteAsync(
            new CreateIncidentCommand("fire", Severity.Minor, Centre, "南京市消防救援支队", "新街口东", "商场火情", null, false, "commander:zhang"));
        var requirement = Assert.Single(created.Requirements).Id;
        var auto = new AutoEscalation(_services, new EscalateRequirement(_services), Microsoft.Extensions.Logging.Abstractions.NullLogger<AutoEscalation>.Instance);
        var shortfalls = await _record.Store.ReadAsync(r => r.GetAuditForIncidentAsync(created.Incident.Id));

        // The creation's shortfall: widen (nobody at level 2 within 40 km → another shortfall) …
        await auto.OnEventsAsync([.. shortfalls.Where(e => e.Kind == AuditKinds.Shortfall)], CancellationToken.None);
        var afterWiden = await _record.Store.ReadAsync(r => r.GetAuditForIncidentAsync(created.Incident.Id));
        Assert.Equal(40_000, (await _record.Store.ReadAsync(r => r.GetRequirementAsync(requirement)))!.Radius.Value);

        // … whose shortfall relaxes the level, and the only rescuer is offered.
        await auto.OnEventsAsync([.. afterWiden.Where(e => e.Kind == AuditKinds.Shortfall).Skip(1)], CancellationToken.None);
        var offer = Assert.Single(await _record.Store.ReadAsync(r => r.GetOffersAsync(requirement)));
        Assert.Equal(OfferState.Pending, offer.State);

        // While an offer is pending, a shortfall does not climb.
        await auto.OnEventsAsync([.. afterWiden.Where(e => e.Kind == AuditKinds.Shortfall)], CancellationToken.None);
        Assert.Equal(2, (await _record.Store.ReadAsync(r => r.GetRequirementAsync(requirement)))!.EscalationStep);

        // The rescuer declines: the re-match finds nobody, and the climb goes on through the team call and the alert.
        var declined = await new DeclineOffer(_services).ExecuteAsync(offer.Id, offer.Volunteer, "volunteer:0", "不便");
        Assert.Empty(declined.Round.OffersSent);
        var trail = await _record.Store.ReadAsync(r => r.GetAuditForIncidentAsync(created.Incident.Id));
        await auto.OnEventsAsync([trail.Last(e => e.Kind == AuditKinds.Shortfall)], CancellationToken.None);

        var final = await _record.Store.ReadAsync(r => r.GetAuditForIncidentAsync(created.Incident.Id));
        Assert.Equal(4, final.Count(e => e.Kind == AuditKinds.Escalated && e.Actor == AutoEscalation.Actor));
        Assert.Equal(4, (await _record.Store.ReadAsync(r => r.GetRequirementAsync(requirement)))!.EscalationStep);

        // At the end of the ladder the exhaustion is recorded once, however many shortfalls follow.
        var exhausted = Assert.Single(final, e => e.Kind == AuditKinds.EscalationExhausted);
        Assert.Equal(AutoEscalation.Actor, exhausted.Actor);
        await auto.OnEventsAsync([.. final.Where(e => e.Kind == AuditKinds.Shortfall)], CancellationToken.None);
        var again = await _record.Store.ReadAsync(r => r.GetAuditForIncidentAsync(created.Incident.Id));
        Assert.Single(again, e => e.Kind == AuditKinds.EscalationExhausted);
        Assert.Equal(final.Count, again.Count);
    }

    [Fact]
    public async Task Escalate_UnknownRequirement_ReportsNotFound()
    {
        var result = await new EscalateRequirement(_services).ExecuteAsync(new RequirementId(424_242), "commander:zhang", "test");
        Assert.Equal(EscalationStatus.NotFound, result.Status);
    }
}
