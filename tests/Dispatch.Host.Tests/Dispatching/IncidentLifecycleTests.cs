using Dapper;
using Dispatch.Engine.Dispatching;
using Dispatch.Engine.Pool;
using Dispatch.Host.Dispatching;
using Dispatch.Host.Records;

namespace Dispatch.Host.Tests.Dispatching;

public sealed class IncidentLifecycleTests
{
    [Fact]
    public async Task RehearseCreate_RunsTheWholeCreateThenCommitsNothingAnnouncesNothingClaimsNothing()
    {
        await using var world = await DispatchWorld.CreateAsync();
        long tail = await world.Store.GetFeedTailAsync(CancellationToken.None);

        var rehearsed = await world.Create.RehearseAsync(DispatchWorld.Flood(), CancellationToken.None);

        // It ran: the incident, its requirement and the three offers were written inside the transaction...
        Assert.Equal([0, 1, 2], rehearsed.OffersSent.Select(o => o.Volunteer.Value));
        // ...which was rolled back: no row, no audit event for the feed, no claim in the record or the pool.
        long rows = await world.Store.ReadAsync(r => r.Connection.ExecuteScalarAsync<long>(
            "SELECT (SELECT COUNT(*) FROM incidents) + (SELECT COUNT(*) FROM requirements) + (SELECT COUNT(*) FROM offers) + (SELECT COUNT(*) FROM volunteer_state WHERE commitment <> 'free')",
            transaction: r.Transaction));
        Assert.Equal(0, rows);
        Assert.Equal(tail, await world.Store.GetFeedTailAsync(CancellationToken.None));
        Assert.All(Enumerable.Range(0, 6), v => Assert.Equal(CommitmentState.Free, world.Live.Pool.Commitment(new VolunteerId(v))));

        // The real create afterwards offers the same three volunteers (nothing of the rehearsal holds them).
        var created = await world.Create.ExecuteAsync(DispatchWorld.Flood());
        Assert.Equal([0, 1, 2], created.OffersSent.Select(o => o.Volunteer.Value));
        Assert.Equal(CommitmentState.Offered, world.Live.Pool.Commitment(new VolunteerId(0)));
    }

    [Fact]
    public async Task WholeIncident_DeclineReofferAndFill_WithdrawsRestAndAuditsInOrder()
    {
        await using var world = await DispatchWorld.CreateAsync();

        // Create: 2 seats × 1.5 → 3 offers to the three nearest.
        var created = await world.Create.ExecuteAsync(DispatchWorld.Flood());
        Assert.Equal([0, 1, 2], created.OffersSent.Select(o => o.Volunteer.Value));
        Assert.All(created.OffersSent, o => Assert.Equal(world.Time.GetUtcNow().AddSeconds(120), o.ExpiresAt));
        Assert.All(created.OffersSent, o => Assert.Contains("鼓楼广场北门", o.RiskStatement, StringComparison.Ordinal));
        Assert.All(created.OffersSent, o => Assert.NotNull(o.Score));
        Assert.Equal(CommitmentState.Offered, world.Live.Pool.Commitment(new VolunteerId(0)));
        var offerTo = created.OffersSent.ToDictionary(o => o.Volunteer.Value, o => o.Id);

        // V1 declines → the next candidate (V3) is offered at once; V1 is free again and not offered again.
        world.Time.Advance(TimeSpan.FromSeconds(10));
        var declined = await world.Decline.ExecuteAsync(offerTo[1], new VolunteerId(1), "volunteer:1", "在外地");
        Assert.Equal((OfferVerdict.Applied, OfferState.Declined), (declined.Decision!.Verdict, declined.Offer!.State));
        var reoffer = Assert.Single(declined.Round.OffersSent);
        Assert.Equal(3, reoffer.Volunteer.Value);
        Assert.Equal(CommitmentState.Free, world.Live.Pool.Commitment(new VolunteerId(1)));

        // V0 and V3 accept → filled; V2's outstanding offer is withdrawn as filled and V2 is free.
        world.Time.Advance(TimeSpan.FromSeconds(5));
        var first = await world.Accept.ExecuteAsync(offerTo[0], new VolunteerId(0), "volunteer:0");
        var second = await world.Accept.ExecuteAsync(reoffer.Id, new VolunteerId(3), "volunteer:3");
        Assert.Equal(OfferVerdict.Applied, first.Decision!.Verdict);
        Assert.Empty(first.WithdrawnAsFilled);
        Assert.Equal([offerTo[2]], second.WithdrawnAsFilled);
        Assert.Equal(CommitmentState.Assigned, world.Live.Pool.Commitment(new VolunteerId(3)));
        Assert.Equal(CommitmentState.Free, world.Live.Pool.Commitment(new VolunteerId(2)));

        // Repeats are idempotent; the late accept of the withdrawn offer is told the seats are taken.
        var repeat = await world.Accept.ExecuteAsync(offerTo[0], new VolunteerId(0), "volunteer:0");
        var late = await world.Accept.ExecuteAsync(offerTo[2], new VolunteerId(2), "volunteer:2");
        Assert.Equal((OfferVerdict.Repeated, OfferState.Accepted), (repeat.Decision!.Verdict, repeat.Offer!.State));
        Assert.Equal((OfferVerdict.Filled, false), (late.Decision!.Verdict, late.Decision.Changed));

        var incident = created.Incident.Id;
        var (requirement, assignments, audit) = await world.Store.ReadAsync(async r => (
            (await r.GetRequirementsAsync(incident)).Single(), await r.GetAssignmentsAsync(incident), await r.GetAuditForIncidentAsync(incident)));
        Assert.Equal(2, requirement.Filled);
        Assert.Equal([0, 3], assignments.Select(a => a.Volunteer.Value));
        Assert.Equal(
        [
            AuditKinds.IncidentCreated, AuditKinds.RequirementPlanned,
            AuditKinds.OfferCreated, AuditKinds.OfferCreated, AuditKinds.OfferCreated, AuditKinds.RequirementMatched,
            AuditKinds.OfferDeclined, AuditKinds.OfferCreated, AuditKinds.RequirementMatched,
            AuditKinds.OfferAccepted,
            AuditKinds.OfferAccepted, AuditKinds.RequirementFilled, AuditKinds.OfferWithdrawn,
        ], audit.Select(e => e.Kind));
        Assert.Equal(audit.Select(e => e.Id).Order(), audit.Select(e => e.Id));
        Assert.All(audit, e => Assert.False(string.IsNullOrWhiteSpace(e.Reason)));
        Assert.Contains("\"candidates\"", audit[5].Payload, StringComparison.Ordinal);
        Assert.Contains("在外地", audit[6].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExpireOffer_EarlyThenDueThenTwice_ExpiresOnceAndReoffers()
    {
        await using var world = await DispatchWorld.CreateAsync();
        var created = await world.Create.ExecuteAsync(DispatchWorld.Flood());
        var offer = created.OffersSent[0];

        var early = await world.Expire.ExecuteAsync(offer.Id);
        world.Time.Advance(TimeSpan.FromSeconds(120));
        var due = await world.Expire.ExecuteAsync(offer.Id);
        var twice = await world.Expire.ExecuteAsync(offer.Id);

        Assert.Equal(OfferVerdict.NotYetDue, early.Decision!.Verdict);
        Assert.Equal((OfferVerdict.Applied, OfferState.Expired), (due.Decision!.Verdict, due.Offer!.State));
        Assert.Equal(OfferVerdict.Repeated, twice.Decision!.Verdict);
        // The other two offers expired too at that instant but are not yet swept: only one new offer, to V3.
        Assert.Equal([3], due.Round.OffersSent.Select(o => o.Volunteer.Value));
        Assert.Empty(twice.Round.OffersSent);
    }

    [Fact]
    public async Task AcceptOffer_AfterExpiry_RecordsExpiredAndOffersNext()
    {
        await using var world = await DispatchWorld.CreateAsync();
        var created = await world.Create.ExecuteAsync(DispatchWorld.Flood());
        world.Time.Advance(TimeSpan.FromSeconds(121));

        var answer = await world.Accept.ExecuteAsync(created.OffersSent[0].Id, new VolunteerId(0), "volunteer:0");

        Assert.Equal((OfferVerdict.Expired, OfferState.Expired), (answer.Decision!.Verdict, answer.Offer!.State));
        Assert.Single(answer.Round.OffersSent);
        Assert.Empty(await world.Store.ReadAsync(r => r.GetAssignmentsAsync(created.Incident.Id)));
    }

    [Fact]
    public async Task AcceptOffer_SomeoneElsesOffer_IsRefusedAndChangesNothing()
    {
        await using var world = await DispatchWorld.CreateAsync();
        var created = await world.Create.ExecuteAsync(DispatchWorld.Flood());

        var answer = await world.Accept.ExecuteAsync(created.OffersSent[0].Id, new VolunteerId(5), "volunteer:5");
        var missing = await world.Accept.ExecuteAsync(new OfferId(999), new VolunteerId(5), "volunteer:5");

        Assert.Equal(OfferAnswerStatus.NotYours, answer.Status);
        Assert.Equal(OfferAnswerStatus.NotFound, missing.Status);
        Assert.Equal(OfferState.Pending, (await world.Store.ReadAsync(r => r.GetOfferAsync(created.OffersSent[0].Id)))!.State);
    }

    [Fact]
    public async Task CreateIncident_TwoIncidentsShortPool_NeverOffersOneVolunteerTwice()
    {
        await using var world = await DispatchWorld.CreateAsync(volunteers: 4);

        var first = await world.Create.ExecuteAsync(DispatchWorld.Flood());
        var second = await world.Create.ExecuteAsync(DispatchWorld.Flood());

        Assert.Equal(3, first.OffersSent.Count);
        var only = Assert.Single(second.OffersSent);
        Assert.Equal(3, only.Volunteer.Value);
        var shortfall = Assert.Single(second.Shortfalls);
        Assert.Contains("ineligible", shortfall.Reason, StringComparison.Ordinal);
        var audit = await world.Store.ReadAsync(r => r.GetAuditForIncidentAsync(second.Incident.Id));
        Assert.Contains(audit, e => e.Kind == AuditKinds.Shortfall && e.Payload.Contains("Committed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task CreateIncident_UnknownType_ThrowsAndRecordsNothing()
    {
        await using var world = await DispatchWorld.CreateAsync();

        await Assert.ThrowsAsync<ArgumentException>(() => world.Create.ExecuteAsync(DispatchWorld.Flood() with { TypeKey = "meteor" }));

        Assert.Empty(await world.Store.ReadEventsAfterAsync(0));
    }
}

public sealed class ExpireManyTests
{
    [Fact]
    public async Task ExecuteManyAsync_AllOffersDueTogether_ExpiresEachAndReoffersOnceInOneTransaction()
    {
        await using var world = await DispatchWorld.CreateAsync();
        var created = await world.Create.ExecuteAsync(DispatchWorld.Flood());
        world.Time.Advance(TimeSpan.FromSeconds(120));
        OfferId[] ids = [.. created.OffersSent.Select(o => o.Id)];

        var answers = await world.Expire.ExecuteManyAsync([.. ids, ids[0]]);

        Assert.Equal(3, answers.Count);
        Assert.All(answers, a => Assert.Equal((OfferVerdict.Applied, OfferState.Expired), (a.Decision!.Verdict, a.Offer!.State)));
        // The three freed seats are matched in one round: V3, V4, V5 each get one offer, carried by the first answer.
        Assert.Equal([3, 4, 5], answers.SelectMany(a => a.Round.OffersSent).Select(o => o.Volunteer.Value).Order());
        Assert.Equal(3, answers[0].Round.OffersSent.Count);
        Assert.All([0, 1, 2], v => Assert.Equal(CommitmentState.Free, world.Live.Pool.Commitment(new VolunteerId(v))));
        Assert.All([3, 4, 5], v => Assert.Equal(CommitmentState.Offered, world.Live.Pool.Commitment(new VolunteerId(v))));

        var audit = await world.Store.ReadAsync(r => r.GetAuditForIncidentAsync(created.Incident.Id));
        var expiry = audit.SkipWhile(e => e.Kind != AuditKinds.OfferExpired).ToList();
        Assert.Equal(
            [AuditKinds.OfferExpired, AuditKinds.OfferExpired, AuditKinds.OfferExpired,
             AuditKinds.OfferCreated, AuditKinds.OfferCreated, AuditKinds.OfferCreated, AuditKinds.RequirementMatched],
            expiry.Select(e => e.Kind));
        Assert.Single(expiry.Select(e => e.At).Distinct());

        var again = await world.Expire.ExecuteManyAsync(ids);
        Assert.All(again, a => Assert.Equal(OfferVerdict.Repeated, a.Decision!.Verdict));
        Assert.Empty(again.SelectMany(a => a.Round.OffersSent));
    }

    [Fact]
    public async Task ExecuteManyAsync_SomeNotYetDueOrUnknown_ExpiresOnlyTheDueOnes()
    {
        await using var world = await DispatchWorld.CreateAsync();
        var first = await world.Create.ExecuteAsync(DispatchWorld.Flood());
        world.Time.Advance(TimeSpan.FromSeconds(120));

        var answers = await world.Expire.ExecuteManyAsync([first.OffersSent[0].Id, new OfferId(999)]);
        var early = await world.Expire.ExecuteManyAsync([.. answers[0].Round.OffersSent.Select(o => o.Id)]);

        Assert.Equal((OfferVerdict.Applied, OfferAnswerStatus.NotFound), (answers[0].Decision!.Verdict, answers[1].Status));
        Assert.All(early, a => Assert.Equal((OfferVerdict.NotYetDue, OfferState.Pending), (a.Decision!.Verdict, a.Offer!.State)));
    }
}
