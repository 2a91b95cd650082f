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

/// <summary>Close, cancel, change severity and volunteer status on a small world (see <see cref="DispatchWorld"/>).</summary>
public sealed class IncidentCommandsTests
{
    [Fact]
    public async Task Close_WithCommittedVolunteer_RefusedUntilReleased_ThenWithdrawsPendingOffers()
    {
        await using var world = await DispatchWorld.CreateAsync();
        var created = await world.Create.ExecuteAsync(DispatchWorld.Flood());
        var first = created.OffersSent[0];
        await world.Accept.ExecuteAsync(first.Id, first.Volunteer, "volunteer");
        var end = new EndIncident(world.Services);

        var refused = await end.ExecuteAsync(created.Incident.Id, cancel: false, "commander:zhang", "处置完毕");
        Assert.Equal(IncidentCommandStatus.VolunteersCommitted, refused.Status);

        await new ReleaseAssignment(world.Services).ExecuteAsync(first.Id, "commander:zhang", "王队长");
        var closed = await end.ExecuteAsync(created.Incident.Id, cancel: false, "commander:zhang", "处置完毕");

        Assert.Equal((IncidentCommandStatus.Done, IncidentState.Closed), (closed.Status, closed.Incident!.State));
        Assert.Equal(2, closed.Withdrawn.Count);
        Assert.All(created.OffersSent.Skip(1), o => Assert.Equal(CommitmentState.Free, world.Live.Pool.Commitment(o.Volunteer)));
        var offers = await world.Store.ReadAsync(r => r.GetOffersForIncidentAsync(created.Incident.Id));
        Assert.DoesNotContain(offers, o => o.State == OfferState.Pending);
        Assert.Equal(IncidentCommandStatus.NotApplicable, (await end.ExecuteAsync(created.Incident.Id, false, "commander:zhang", "again")).Status);
    }

    [Fact]
    public async Task Cancel_WithCommittedVolunteer_CancelsAssignmentAndFreesEveryone()
    {
        await using var world = await DispatchWorld.CreateAsync();
        var created = await world.Create.ExecuteAsync(DispatchWorld.Flood());
        var first = created.OffersSent[0];
        await world.Accept.ExecuteAsync(first.Id, first.Volunteer, "volunteer");

        var cancelled = await new EndIncident(world.Services).ExecuteAsync(created.Incident.Id, cancel: true, "commander:zhang", "误报");

        Assert.Equal(IncidentState.Cancelled, cancelled.Incident!.State);
        var assignment = await world.Store.ReadAsync(r => r.GetAssignmentAsync(first.Id));
        Assert.Equal(AssignmentState.Cancelled, assignment!.State);
        Assert.All(created.OffersSent, o => Assert.Equal(CommitmentState.Free, world.Live.Pool.Commitment(o.Volunteer)));

        // A cancelled incident recruits no more: a later round does not offer its seats.
        var other = await world.Create.ExecuteAsync(DispatchWorld.Flood());
        Assert.All(other.OffersSent, o => Assert.Equal(other.Incident.Id, o.Incident));
    }

    [Fact]
    public async Task ChangeSeverity_Up_AddsSeatsAndASkillAndOffersAtOnce_Down_StopsRecruiting()
    {
        await using var record = await TempRecord.CreateAsync();
        var time = new FakeTimeProvider(TempRecord.Now);
        var pool = new VolunteerPool(SkillCatalog.Default, 12);
        for (int i = 0; i < 12; i++)
        {
            var at = new GeoPoint(32.06 + ((1 + i) / 111.195), 118.80);
            pool.Add(new Volunteer
            {
                Id = new VolunteerId(i),
                BirthDate = new DateOnly(1990, 5, 20),
                Home = at,
                LastKnown = at,
                LastSeenAt = TempRecord.Now.AddMinutes(-5),
                Skills = [new VolunteerSkill(i % 2 == 0 ? Skill.Rescue : Skill.Medical, SkillLevel.Skilled, new DateOnly(2027, 12, 31))],
                InsuranceValidUntil = new DateOnly(2027, 12, 31),
                Duty = DutyState.OnDuty,
            });
        }

        using var live = new LivePool(pool, PoolOrigin.Generated);
        PrePlan Plan(Severity s, params RequirementTemplate[] r) => new("flood", s, r, Meters.FromKilometers(30), TimeSpan.FromSeconds(120), 1.0,
            ScoreWeights.Default, [new EscalationStep.AlertCommander("缺口")], "【风险告知】{incident}{severity}：{time_window} {meeting_point}");
        var book = new PrePlanBook(IncidentType.Defaults.Where(t => t.Key == "flood"),
        [
            Plan(Severity.Minor, new RequirementTemplate(Skill.Rescue, SkillLevel.Basic, 1)),
            Plan(Severity.Major, new RequirementTemplate(Skill.Rescue, SkillLevel.Basic, 3), new RequirementTemplate(Skill.Medical, SkillLevel.Basic, 2)),
        ], SkillCatalog.Default);
        var services = new DispatchServices(record.Store, live, book, time);
        var created = await new CreateIncident(services).ExecuteAsync(
            new CreateIncidentCommand("flood", Severity.Minor, new GeoPoint(32.06, 118.80), "南京市应急管理局", "鼓楼广场", "内涝", null, false, "commander:zhang"));
        Assert.Single(created.OffersSent);

        var up = await new ChangeSeverity(services).ExecuteAsync(created.Incident.Id, Severity.Major, "commander:zhang", "水位上涨");

        Assert.Equal(Severity.Major, up.Incident!.Severity);
        var requirements = await record.Store.ReadAsync(r => r.GetRequirementsAsync(created.Incident.Id));
        Assert.Equal([(Skill.Rescue, 3), (Skill.Medical, 2)], requirements.Select(r => (r.Skill, r.Seats)));
        Assert.Equal(4, up.Round.OffersSent.Count); // 2 more rescuers, 2 medics

        var down = await new ChangeSeverity(services).ExecuteAsync(created.Incident.Id, Severity.Minor, "commander:zhang", "水位回落");

        requirements = await record.Store.ReadAsync(r => r.GetRequirementsAsync(created.Incident.Id));
        Assert.Equal([(Skill.Rescue, 1), (Skill.Medical, 0)], requirements.Select(r => (r.Skill, r.Seats)));
        Assert.Equal(2, down.Withdrawn.Count); // the medics' offers: medical needs nobody now
        Assert.Equal(IncidentCommandStatus.NotApplicable, (await new ChangeSeverity(services).ExecuteAsync(created.Incident.Id, Severity.Minor, "commander:zhang", "same")).Status);
    }

    [Fact]
    public async Task VolunteerStatus_DutyAndLocation_RecordedAndFollowedByThePool()
    {
        await using var world = await DispatchWorld.CreateAsync();
        var status = new VolunteerStatus(world.Services);
        var moved = new GeoPoint(32.20, 118.90);

        await status.SetDutyAsync(new VolunteerId(2), DutyState.OffDuty, "volunteer:2");
        await status.ReportLocationAsync(new VolunteerId(3), moved);

        Assert.Equal(DutyState.OffDuty, world.Live.Pool.Duty(new VolunteerId(2)));
        Assert.Equal(moved, MatchFixturesStored(world.Live.Pool.LastKnown(new VolunteerId(3)), moved));
        var states = await world.Store.ReadAsync(r => r.GetDispatchStatesAsync(world.Time.GetUtcNow()));
        Assert.Equal(DutyState.OffDuty, states.Single(s => s.Volunteer.Value == 2).Duty);
        Assert.Equal((32.20, 118.90), states.Single(s => s.Volunteer.Value == 3).Position is { } p ? (p.Latitude, p.Longitude) : default);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => status.SetDutyAsync(new VolunteerId(999), DutyState.OnDuty, "x"));
    }

    [Fact]
    public async Task VolunteerStatus_BatchOfLocations_AllRecordedFreshAndFollowedByThePool_UnknownVolunteerChangesNothing()
    {
        await using var world = await DispatchWorld.CreateAsync();
        var status = new VolunteerStatus(world.Services);
        world.Time.Advance(TimeSpan.FromMinutes(30));
        var now = world.Time.GetUtcNow();
        (VolunteerId, GeoPoint)[] reports = [(new VolunteerId(1), new GeoPoint(32.10, 118.70)), (new VolunteerId(4), new GeoPoint(32.30, 118.95))];

        await status.ReportLocationsAsync(reports);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => status.ReportLocationsAsync([(new VolunteerId(5), new GeoPoint(31.0, 120.0)), (new VolunteerId(999), new GeoPoint(31.0, 120.0))]));

        var states = await world.Store.ReadAsync(r => r.GetDispatchStatesAsync(now));
        foreach (var (volunteer, position) in reports)
        {
            Assert.Equal(position, MatchFixturesStored(world.Live.Pool.LastKnown(volunteer), position));
            Assert.Equal(now, world.Live.Pool.Get(volunteer).LastSeenAt);
            Assert.Equal((position.Latitude, position.Longitude), states.Single(s => s.Volunteer == volunteer).Position is { } p ? (p.Latitude, p.Longitude) : default);
        }

        Assert.DoesNotContain(states, s => s.Volunteer.Value == 5);
        Assert.NotEqual(new GeoPoint(31.0, 120.0), MatchFixturesStored(world.Live.Pool.LastKnown(new VolunteerId(5)), new GeoPoint(31.0, 120.0)));
    }

    /// <summary>The pool stores 32-bit floats: compare at that precision.</summary>
    private static GeoPoint MatchFixturesStored(GeoPoint stored, GeoPoint expected) =>
        Math.Abs(stored.Latitude - expected.Latitude) < 1e-5 && Math.Abs(stored.Longitude - expected.Longitude) < 1e-5 ? expected : stored;
}
