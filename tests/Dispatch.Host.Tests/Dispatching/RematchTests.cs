using Dispatch.Engine.Dispatching;
using Dispatch.Engine.Geo;
using Dispatch.Engine.Pool;
using Dispatch.Engine.PrePlans;
using Dispatch.Host.Dispatching;
using Dispatch.Host.Records;

namespace Dispatch.Host.Tests.Dispatching;

/// <summary>Local matching rounds, the round around volunteers set free, and the round over everything.</summary>
public sealed class RematchTests
{
    // 100 km north of the world's centre: outside every 20 km area around the centre.
    private static readonly GeoPoint FarNorth = new(DispatchWorld.Centre.Latitude + (100 / 111.195), DispatchWorld.Centre.Longitude);

    [Fact]
    public async Task VolunteerWithdrawnAsFilled_IsOfferedToTheShortIncidentNearby_OnlyByTheRoundAroundThem()
    {
        await using var world = await DispatchWorld.CreateAsync(volunteers: 3);
        var rematch = new Rematch(world.Services);
        var listener = new RematchFreed(world.Services, rematch, drills: false);

        // A takes all three (2 seats × 1.5); B, at the same place, finds nobody.
        var a = await world.Create.ExecuteAsync(DispatchWorld.Flood());
        Assert.Equal([0, 1, 2], a.OffersSent.Select(o => o.Volunteer.Value));
        var b = await world.Create.ExecuteAsync(DispatchWorld.Flood(Severity.Moderate));
        Assert.Empty(b.OffersSent);
        long tail = await world.Store.GetFeedTailAsync();

        // V0 and V1 accept A: it fills and V2's offer is withdrawn; the accept itself offers nobody.
        var offerTo = a.OffersSent.ToDictionary(o => o.Volunteer.Value, o => o.Id);
        await world.Accept.ExecuteAsync(offerTo[0], new VolunteerId(0), "volunteer:0");
        var filled = await world.Accept.ExecuteAsync(offerTo[1], new VolunteerId(1), "volunteer:1");
        Assert.Equal([offerTo[2]], filled.WithdrawnAsFilled);
        Assert.Empty(await PendingOffersAsync(world, b.Incident.Id));

        // The change feed's withdrawal brings V2 to B.
        await listener.OnEventsAsync(await world.Store.ReadEventsAfterAsync(tail), CancellationToken.None);

        var offer = Assert.Single(await PendingOffersAsync(world, b.Incident.Id));
        Assert.Equal(2, offer.Volunteer.Value);
        Assert.Equal(CommitmentState.Offered, world.Live.Pool.Commitment(new VolunteerId(2)));
        var audit = await world.Store.ReadAsync(r => r.GetAuditForIncidentAsync(b.Incident.Id));
        Assert.Contains(audit, e => e.Kind == AuditKinds.OfferCreated && e.Actor == Rematch.Actor && e.Volunteer == new VolunteerId(2));
    }

    [Fact]
    public async Task FreedVolunteerOutsideEveryOpenArea_StartsNoRound()
    {
        await using var world = await DispatchWorld.CreateAsync(volunteers: 2);
        var listener = new RematchFreed(world.Services, new Rematch(world.Services), drills: false);
        var b = await world.Create.ExecuteAsync(DispatchWorld.Flood() with { Location = FarNorth });
        Assert.Empty(b.OffersSent);
        long tail = await world.Store.GetFeedTailAsync();

        await world.Services.Store.WriteAsync(async tx =>
        {
            await tx.AppendAsync(new NewAuditEvent(world.Time.GetUtcNow(), "volunteer:0", AuditKinds.VolunteerDuty, null, new VolunteerId(0), null, nameof(DutyState.OnDuty), null));
            return true;
        });
        await listener.OnEventsAsync(await world.Store.ReadEventsAfterAsync(tail), CancellationToken.None);

        // V0 is 1 km from the centre, 99 km from B: no round ran, nothing was written after the duty event.
        var after = await world.Store.ReadEventsAfterAsync(tail);
        Assert.Equal([AuditKinds.VolunteerDuty], after.Select(e => e.Kind));
    }

    [Fact]
    public async Task RoundOfANewIncident_LeavesAFarShortRequirementAlone_TheRoundOverEverythingReachesIt()
    {
        await using var world = await DispatchWorld.CreateAsync(volunteers: 6);
        var far = await world.Create.ExecuteAsync(DispatchWorld.Flood(Severity.Moderate) with { Location = FarNorth });
        Assert.Empty(far.OffersSent);

        // V5 turns up next to the far incident without any change being announced (as when a rest period ends).
        world.Live.Pool.MoveTo(new VolunteerId(5), FarNorth, world.Time.GetUtcNow());

        // A new incident at the centre is matched alone: the far requirement gets nothing from its round.
        var near = await world.Create.ExecuteAsync(DispatchWorld.Flood());
        Assert.Equal([0, 1, 2], near.OffersSent.Select(o => o.Volunteer.Value));
        Assert.Empty(await PendingOffersAsync(world, far.Incident.Id));

        var round = await new Rematch(world.Services).EverywhereAsync(drills: false);

        var offer = Assert.Single(round.OffersSent);
        Assert.Equal((5, far.Incident.Id), (offer.Volunteer.Value, offer.Incident));
        Assert.Equal([5], (await PendingOffersAsync(world, far.Incident.Id)).Select(o => o.Volunteer.Value));
    }

    private static async Task<IReadOnlyList<Offer>> PendingOffersAsync(DispatchWorld world, IncidentId incident) =>
        [.. (await world.Store.ReadAsync(r => r.GetOffersForIncidentAsync(incident))).Where(o => o.State == OfferState.Pending)];
}
