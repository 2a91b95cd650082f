using Dispatch.Host.Realtime;
using Dispatch.Host.Records;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace Dispatch.Host.Tests.Realtime;

/// <summary>The lifecycle end to end: HTTP commands, real websocket clients (JSON and MessagePack), timers on the fake clock.</summary>
[Collection(RealtimeCollection.Name)]
public sealed class LifecycleOverSignalRTests(RealtimeAppFactory app)
{
    [Fact]
    public async Task CreateIncident_ConnectedVolunteerAcceptsOverHub_BoardSeesAssignmentAndFill()
    {
        int nearest = RealtimeAppFactory.VolunteerOf(0, 0);
        var (board, events) = await app.BoardAsync();
        var (volunteer, pending, _) = await app.VolunteerAsync(nearest);
        await using (board)
        await using (volunteer)
        {
            var created = await app.CreateIncidentAsync(0);
            var (offerId, offered) = created.SingleOffer();
            Assert.Equal(nearest, offered);

            var offer = await pending.WaitForAsync(o => o.OfferId == offerId);
            Assert.Equal(created.IncidentId(), offer.IncidentId);
            Assert.StartsWith("【风险告知】", offer.RiskStatement, StringComparison.Ordinal);
            Assert.Equal("鼓楼广场北门", offer.MeetingPoint);
            Assert.Equal(RealtimeAppFactory.Start + RealtimeAppFactory.OfferTimeout, offer.ExpiresAt);
            Assert.True(offer.WindowTo > offer.WindowFrom);

            var ack = await volunteer.InvokeAsync<OfferAckDto>(nameof(VolunteerHub.AckOffer), offerId);
            Assert.NotNull(ack.AckedAt);
            var again = await volunteer.InvokeAsync<OfferAckDto>(nameof(VolunteerHub.AckOffer), offerId);
            Assert.Equal(ack.AckedAt, again.AckedAt);

            var answer = await volunteer.InvokeAsync<OfferAnswerDto>(nameof(VolunteerHub.AcceptOffer), offerId);
            Assert.Equal(("applied", "accepted", false), (answer.Outcome, answer.State, answer.Repeated));
            var repeat = await volunteer.InvokeAsync<OfferAnswerDto>(nameof(VolunteerHub.AcceptOffer), offerId);
            Assert.Equal(("accepted", true), (repeat.State, repeat.Repeated));

            await events.WaitForAsync(e => e.Kind == AuditKinds.OfferAccepted && e.OfferId == offerId && e.VolunteerId == nearest);
            await events.WaitForAsync(e => e.Kind == AuditKinds.RequirementFilled && e.IncidentId == created.IncidentId());
            var incident = await app.GetIncidentAsync(created.IncidentId());
            Assert.Equal("accepted", incident.GetProperty("assignments")[0].GetProperty("state").GetString());
            Assert.Contains(incident.GetProperty("audit").EnumerateArray(), e => e.GetProperty("kind").GetString() == AuditKinds.OfferAcked);
        }
    }

    [Fact]
    public async Task Decline_OverHub_NextCandidateReceivesOffer()
    {
        int first = RealtimeAppFactory.VolunteerOf(1, 0), second = RealtimeAppFactory.VolunteerOf(1, 1);
        var (a, aPending, _) = await app.VolunteerAsync(first);
        var (b, bPending, _) = await app.VolunteerAsync(second);
        await using (a)
        await using (b)
        {
            var created = await app.CreateIncidentAsync(1);
            var (offerId, _) = created.SingleOffer();
            await aPending.WaitForAsync(o => o.OfferId == offerId);

            var declined = await a.InvokeAsync<OfferAnswerDto>(nameof(VolunteerHub.DeclineOffer), offerId, "在外地");
            Assert.Equal("declined", declined.State);
            var next = await bPending.WaitForAsync(o => o.IncidentId == created.IncidentId());
            Assert.NotEqual(offerId, next.OfferId);

            var repeat = await a.InvokeAsync<OfferAnswerDto>(nameof(VolunteerHub.DeclineOffer), offerId, null);
            Assert.Equal(("declined", true), (repeat.State, repeat.Repeated));
            Assert.DoesNotContain(aPending.Received, o => o.OfferId == next.OfferId);
        }
    }

    [Fact]
    public async Task OfferTimeout_FakeClockAdvanced_TimerExpiresAndReOffers()
    {
        int first = RealtimeAppFactory.VolunteerOf(2, 0), second = RealtimeAppFactory.VolunteerOf(2, 1);
        var (board, events) = await app.BoardAsync();
        await using (board)
        {
            var created = await app.CreateIncidentAsync(2);
            var (offerId, offered) = created.SingleOffer();
            Assert.Equal(first, offered);
            // The timer is armed from the change feed: wait until the feed has read the offer before moving the clock.
            await events.WaitForAsync(e => e.Kind == AuditKinds.OfferCreated && e.OfferId == offerId);

            app.Time.Advance(RealtimeAppFactory.OfferTimeout);

            var expired = await events.WaitForAsync(e => e.Kind == AuditKinds.OfferExpired && e.OfferId == offerId);
            Assert.Equal(Dispatch.Host.Dispatching.ExpireOffer.Actor, (await app.GetIncidentAsync(created.IncidentId())).GetProperty("audit").EnumerateArray()
                .Single(e => e.GetProperty("id").GetInt64() == expired.EventId).GetProperty("actor").GetString());
            var reOffer = await events.WaitForAsync(e => e.Kind == AuditKinds.OfferCreated && e.IncidentId == created.IncidentId() && e.OfferId != offerId);
            Assert.Equal(second, reOffer.VolunteerId);

            // Offers are state: the next candidate, connecting now, receives the re-offer.
            var (b, bPending, _) = await app.VolunteerAsync(second);
            await using (b)
            {
                await bPending.WaitForAsync(o => o.OfferId == reOffer.OfferId);
            }
        }
    }

    [Fact]
    public async Task Reconnect_PendingOfferDeliveredAgain_AlsoOverMessagePack()
    {
        int nearest = RealtimeAppFactory.VolunteerOf(3, 0);
        var created = await app.CreateIncidentAsync(3);
        var (offerId, _) = created.SingleOffer();

        var (json, jsonPending, _) = await app.VolunteerAsync(nearest);
        await jsonPending.WaitForAsync(o => o.OfferId == offerId);
        await json.DisposeAsync();

        var (packed, packedPending, packedClosed) = await app.VolunteerAsync(nearest, messagePack: true);
        await using (packed)
        {
            var offer = await packedPending.WaitForAsync(o => o.OfferId == offerId);
            Assert.Equal("鼓楼广场北门", offer.MeetingPoint);
            var answer = await packed.InvokeAsync<OfferAnswerDto>(nameof(VolunteerHub.DeclineOffer), offerId, "MessagePack");
            Assert.Equal("declined", answer.State);
            var closed = await packedClosed.WaitForAsync(c => c.OfferId == offerId);
            Assert.Equal("declined", closed.State);
        }
    }

    [Fact]
    public async Task HubBadInput_UnknownForeignOrMistyped_HubErrorAndNothingChanged()
    {
        int owner = RealtimeAppFactory.VolunteerOf(4, 0), other = RealtimeAppFactory.VolunteerOf(4, 3);
        var created = await app.CreateIncidentAsync(4);
        var (offerId, offered) = created.SingleOffer();
        Assert.Equal(owner, offered);

        var (intruder, intruderPending, _) = await app.VolunteerAsync(other);
        await using (intruder)
        {
            var unknown = await Assert.ThrowsAsync<HubException>(() => intruder.InvokeAsync<OfferAnswerDto>(nameof(VolunteerHub.AcceptOffer), 987_654_321L));
            Assert.Contains("does not exist", unknown.Message, StringComparison.Ordinal);
            var foreign = await Assert.ThrowsAsync<HubException>(() => intruder.InvokeAsync<OfferAnswerDto>(nameof(VolunteerHub.AcceptOffer), offerId));
            Assert.Contains("not yours", foreign.Message, StringComparison.Ordinal);
            await Assert.ThrowsAsync<HubException>(() => intruder.InvokeAsync<OfferAckDto>(nameof(VolunteerHub.AckOffer), offerId));
            var mistyped = await Assert.ThrowsAsync<HubException>(() => intruder.InvokeAsync<OfferAnswerDto>(nameof(VolunteerHub.DeclineOffer), "abc", 5));
            var tooLong = await Assert.ThrowsAsync<HubException>(() => intruder.InvokeAsync<OfferAnswerDto>(nameof(VolunteerHub.DeclineOffer), offerId, new string('x', 501)));
            foreach (var e in new[] { unknown, foreign, mistyped, tooLong })
            {
                Assert.DoesNotContain("   at ", e.Message, StringComparison.Ordinal);
            }

            Assert.Empty(intruderPending.Received);
        }

        var incident = await app.GetIncidentAsync(created.IncidentId());
        Assert.Equal("pending", incident.OfferState(offerId));
        Assert.DoesNotContain(incident.GetProperty("audit").EnumerateArray(), e => e.GetProperty("kind").GetString() == AuditKinds.OfferAcked);
    }

    [Fact]
    public async Task VolunteerHub_StaffToken_Refused()
    {
        await Assert.ThrowsAnyAsync<Exception>(() => app.ConnectAsync(VolunteerHub.Path, Dispatch.Host.Auth.DemoAccounts.Commander));
        await Assert.ThrowsAnyAsync<Exception>(() => app.ConnectAsync(BoardHub.Path, RealtimeAppFactory.UserOf(0)));
    }
}
