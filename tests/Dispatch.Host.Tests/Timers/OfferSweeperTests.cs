using Dispatch.Engine.Dispatching;
using Dispatch.Host.Records;
using Dispatch.Host.Tests.Realtime;
using Dispatch.Host.Timers;
using Microsoft.Extensions.DependencyInjection;

namespace Dispatch.Host.Tests.Timers;

[Collection(RealtimeCollection.Name)]
public sealed class OfferSweeperTests(RealtimeAppFactory app)
{
    [Fact]
    public async Task Sweep_OfferWhoseTimerWasLost_ExpiresItAndReOffers_SecondSweepFindsNothing()
    {
        var (board, events) = await app.BoardAsync();
        await using (board)
        {
            var created = await app.CreateIncidentAsync(8);
            var (offerId, _) = created.SingleOffer();
            await events.WaitForAsync(e => e.Kind == AuditKinds.OfferCreated && e.OfferId == offerId);

            // Simulate a lost timer (a crash between arming and firing): only the sweeper can expire it now.
            var timers = app.Services.GetRequiredService<OfferTimers>();
            Assert.True(timers.Scheduler.Cancel(new OfferId(offerId)));
            app.Time.Advance(RealtimeAppFactory.OfferTimeout);

            var sweeper = app.Services.GetRequiredService<OfferSweeper>();
            Assert.True(await sweeper.SweepAsync(CancellationToken.None) >= 1);
            Assert.Equal("expired", (await app.GetIncidentAsync(created.IncidentId())).OfferState(offerId));
            var reOffer = await events.WaitForAsync(e => e.Kind == AuditKinds.OfferCreated && e.IncidentId == created.IncidentId() && e.OfferId != offerId);
            Assert.Equal(RealtimeAppFactory.VolunteerOf(8, 1), reOffer.VolunteerId);
            Assert.Equal(0, await sweeper.SweepAsync(CancellationToken.None));
        }
    }
}
