using Dispatch.Engine.Dispatching;
using Dispatch.Engine.Pool;
using Dispatch.Engine.PrePlans;
using Dispatch.Host.Dispatching;
using Dispatch.Host.Records;

namespace Dispatch.Host.Tests.Dispatching;

/// <summary>After the accept: en route, on scene, release with its service record and rest, and the review that credits the ledger.</summary>
public sealed class AssignmentLifecycleTests
{
    private static async Task<(DispatchWorld World, OfferId Assignment)> AcceptedAsync()
    {
        var world = await DispatchWorld.CreateAsync();
        var created = await world.Create.ExecuteAsync(DispatchWorld.Flood(Severity.Minor));
        var offer = created.OffersSent.First(o => o.Volunteer.Value == 0);
        await world.Accept.ExecuteAsync(offer.Id, new VolunteerId(0), "volunteer:0");
        return (world, offer.Id);
    }

    [Fact]
    public async Task WholeAssignment_EnRouteOnSceneRelease_RecordsHoursRestAndAudit()
    {
        var (world, id) = await AcceptedAsync();
        await using var _ = world;
        var advance = new AdvanceAssignment(world.Services);
        var release = new ReleaseAssignment(world.Services);
        var accepted = world.Time.GetUtcNow();

        world.Time.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(AssignmentUpdateStatus.Done, (await advance.ExecuteAsync(id, AssignmentState.EnRoute, new VolunteerId(0), "volunteer:0")).Status);
        world.Time.Advance(TimeSpan.FromMinutes(25));
        Assert.Equal(AssignmentUpdateStatus.Done, (await advance.ExecuteAsync(id, AssignmentState.OnScene, new VolunteerId(0), "volunteer:0")).Status);
        world.Time.Advance(TimeSpan.FromMinutes(200));
        var released = await release.ExecuteAsync(id, "commander:zhang", "王队长");

        // hours-v1: on-scene time only (200 min), rounded down to 15 minutes → 3 h 15 min.
        Assert.Equal(AssignmentUpdateStatus.Done, released.Status);
        Assert.Equal(AssignmentState.Released, released.Assignment!.State);
        var record = released.ServiceRecord!;
        Assert.Equal(TimeSpan.FromMinutes(195), record.Counted);
        Assert.Equal("hours-v1", record.RuleVersion);
        Assert.Equal(("王队长", "commander:zhang", "南京市应急管理局", "flood"), (record.Leader, record.Recorder, record.CommandAuthority, record.IncidentType));
        Assert.Equal((accepted, accepted.AddMinutes(30), accepted.AddMinutes(230)), (record.AcceptedAt, record.OnSceneAt!.Value, record.ReleasedAt));

        // The live pool follows the record: free, resting half the 230 minutes served, 3.25 h in the last 7 days (the
        // pool keeps tenths of an hour, rounding half to even: 3.2).
        var volunteer = world.Live.Pool.Get(new VolunteerId(0));
        Assert.Equal(CommitmentState.Free, volunteer.Commitment);
        Assert.Equal(world.Time.GetUtcNow().AddMinutes(115), volunteer.RestingUntil);
        Assert.Equal(3.2, volunteer.HoursLast7Days, precision: 3);

        var audit = await world.Store.ReadAsync(r => r.GetAuditForVolunteerAsync(new VolunteerId(0)));
        Assert.Equal(
            [AuditKinds.AssignmentStatus, AuditKinds.AssignmentStatus, AuditKinds.AssignmentReleased],
            audit.Where(e => e.Kind.StartsWith("assignment.", StringComparison.Ordinal)).Select(e => e.Kind));
    }

    [Fact]
    public async Task Release_Twice_SecondIsRepeatedWithTheSameRecord()
    {
        var (world, id) = await AcceptedAsync();
        await using var _ = world;
        var release = new ReleaseAssignment(world.Services);

        var first = await release.ExecuteAsync(id, "commander:zhang", "王队长");
        world.Time.Advance(TimeSpan.FromMinutes(10));
        var second = await release.ExecuteAsync(id, "commander:li", "李队长");

        Assert.Equal(AssignmentUpdateStatus.Repeated, second.Status);
        Assert.Equal(first.ServiceRecord, second.ServiceRecord);
    }

    [Fact]
    public async Task Advance_BackwardsOrAfterRelease_IsRefusedAndChangesNothing()
    {
        var (world, id) = await AcceptedAsync();
        await using var _ = world;
        var advance = new AdvanceAssignment(world.Services);
        await advance.ExecuteAsync(id, AssignmentState.OnScene, new VolunteerId(0), "volunteer:0");

        var back = await advance.ExecuteAsync(id, AssignmentState.EnRoute, new VolunteerId(0), "volunteer:0");
        var repeat = await advance.ExecuteAsync(id, AssignmentState.OnScene, new VolunteerId(0), "volunteer:0");
        await new ReleaseAssignment(world.Services).ExecuteAsync(id, "commander:zhang", "王队长");
        var afterRelease = await advance.ExecuteAsync(id, AssignmentState.OnScene, new VolunteerId(0), "volunteer:0");

        Assert.Equal(AssignmentUpdateStatus.IllegalTransition, back.Status);
        Assert.Equal(AssignmentUpdateStatus.Repeated, repeat.Status);
        Assert.Equal(AssignmentUpdateStatus.IllegalTransition, afterRelease.Status);
        Assert.Equal(AssignmentState.Released, (await world.Store.ReadAsync(r => r.GetAssignmentAsync(id)))!.State);
    }

    [Fact]
    public async Task Advance_SomeoneElsesOrUnknownAssignment_IsRefused()
    {
        var (world, id) = await AcceptedAsync();
        await using var _ = world;
        var advance = new AdvanceAssignment(world.Services);

        Assert.Equal(AssignmentUpdateStatus.NotYours, (await advance.ExecuteAsync(id, AssignmentState.EnRoute, new VolunteerId(3), "volunteer:3")).Status);
        Assert.Equal(AssignmentUpdateStatus.NotFound, (await advance.ExecuteAsync(new OfferId(999_999), AssignmentState.EnRoute, null, "volunteer:0")).Status);
        Assert.Throws<ArgumentOutOfRangeException>(() => advance.ExecuteAsync(id, AssignmentState.Released, null, "x").GetAwaiter().GetResult());
    }

    [Fact]
    public async Task Review_ByCommanderAfterRelease_CreditsLedgerOnceWithSevereBonus()
    {
        var world = await DispatchWorld.CreateAsync();
        await using var _ = world;
        var created = await world.Create.ExecuteAsync(DispatchWorld.Flood(Severity.Major));
        var offer = created.OffersSent.First(o => o.Volunteer.Value == 0);
        await world.Accept.ExecuteAsync(offer.Id, new VolunteerId(0), "volunteer:0");
        await new AdvanceAssignment(world.Services).ExecuteAsync(offer.Id, AssignmentState.OnScene, new VolunteerId(0), "volunteer:0");
        world.Time.Advance(TimeSpan.FromMinutes(150));
        await new ReleaseAssignment(world.Services).ExecuteAsync(offer.Id, "commander:zhang", "王队长");
        var review = new ReviewAssignment(world.Services);

        var commander = await review.ExecuteAsync(offer.Id, byCommander: true, null, 5, "处置得当", "commander:zhang");
        var again = await review.ExecuteAsync(offer.Id, byCommander: true, null, 1, null, "commander:zhang");
        var volunteer = await review.ExecuteAsync(offer.Id, byCommander: false, new VolunteerId(0), 4, "指挥清晰", "volunteer:0");

        Assert.Equal((AssignmentUpdateStatus.Done, AssignmentUpdateStatus.Repeated, AssignmentUpdateStatus.Done), (commander.Status, again.Status, volunteer.Status));
        var (ledger, stored) = await world.Store.ReadAsync(async r => (await r.GetLedgerAsync(new VolunteerId(0)), await r.GetReviewAsync(offer.Id)));
        var entry = Assert.Single(ledger);

        // 2.5 h counted: 2 full hours → 2 points, plus the bonus of 2 for a major incident (points-v1).
        Assert.Equal(TimeSpan.FromMinutes(150), entry.Counted);
        Assert.Equal(4m, entry.Points);
        Assert.Equal(("hours-v1", "points-v1"), (entry.HoursRule, entry.PointsRule));
        Assert.Equal((5, "处置得当", 4, "指挥清晰"), (stored!.CommanderRating, stored.CommanderComment, stored.VolunteerRating, stored.VolunteerComment));
    }

    [Fact]
    public async Task Review_BeforeReleaseOrOutOfRange_IsRefusedAndCreditsNothing()
    {
        var (world, id) = await AcceptedAsync();
        await using var _ = world;
        var review = new ReviewAssignment(world.Services);

        var early = await review.ExecuteAsync(id, byCommander: true, null, 5, null, "commander:zhang");
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => review.ExecuteAsync(id, true, null, 6, null, "commander:zhang"));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => review.ExecuteAsync(id, true, null, 0, null, "commander:zhang"));
        await Assert.ThrowsAsync<ArgumentException>(() => review.ExecuteAsync(id, true, null, 3, new string('长', 2_001), "commander:zhang"));

        Assert.Equal(AssignmentUpdateStatus.IllegalTransition, early.Status);
        Assert.Empty(await world.Store.ReadAsync(r => r.GetLedgerAsync(new VolunteerId(0))));
    }
}
