using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dispatch.Engine.Dispatching;
using Dispatch.Host.Auth;
using Dispatch.Host.Realtime;
using Dispatch.Host.Records;
using Dispatch.Host.Tests.Realtime;
using Microsoft.Extensions.DependencyInjection;

namespace Dispatch.Host.Tests.Hostile;

/// <summary>
/// The real state hostile input is thrown at: its own Kestrel host (a <see cref="RealtimeAppFactory"/>, so nothing
/// else writes to its record) with one incident per cluster whose first offer ended in each final state — accepted,
/// declined, withdrawn, expired — and offers still pending (the re-offers and one untouched offer).
/// </summary>
public sealed class HostileWorld : IAsyncLifetime
{
    public RealtimeAppFactory App { get; } = new();

    /// <summary>The first offer of each setup incident, by the state it ended in ("pending" for the untouched one).</summary>
    public Dictionary<string, KnownOffer> First { get; } = [];

    /// <summary>Every offer of the setup incidents (first offers and re-offers).</summary>
    public List<KnownOffer> AllOffers { get; } = [];

    public List<long> Incidents { get; } = [];

    /// <summary>Offers still pending after the setup, with their volunteers.</summary>
    public IEnumerable<KnownOffer> Pending => AllOffers.Where(o => o.State == "pending");

    /// <summary>A volunteer of the pool with no offer at all.</summary>
    public static int Bystander => RealtimeAppFactory.VolunteerOf(9, 0);

    public async Task InitializeAsync()
    {
        var (board, events) = await App.BoardAsync();
        await using (board)
        {
            // Expiry first: moving the clock would expire anything else pending.
            var expiring = await App.CreateIncidentAsync(4);
            var (expiringOffer, _) = expiring.SingleOffer();
            await events.WaitForAsync(e => e.Kind == AuditKinds.OfferCreated && e.OfferId == expiringOffer);
            App.Time.Advance(RealtimeAppFactory.OfferTimeout);
            await events.WaitForAsync(e => e.Kind == AuditKinds.OfferExpired && e.OfferId == expiringOffer);
            await events.WaitForAsync(e => e.Kind == AuditKinds.OfferCreated && e.IncidentId == expiring.IncidentId() && e.OfferId != expiringOffer);
            Track("expired", expiring);

            var accepted = await App.CreateIncidentAsync(0);
            await AnswerAsync(accepted, "accept", RealtimeAppFactory.UserOf(accepted.SingleOffer().Volunteer), body: null);
            Track("accepted", accepted);

            Track("pending", await App.CreateIncidentAsync(1));

            var declined = await App.CreateIncidentAsync(2);
            await AnswerAsync(declined, "decline", RealtimeAppFactory.UserOf(declined.SingleOffer().Volunteer), new { reason = "在外地" });
            Track("declined", declined);

            var withdrawn = await App.CreateIncidentAsync(3);
            await AnswerAsync(withdrawn, "withdraw", DemoAccounts.Commander, new { reason = "改派" });
            Track("withdrawn", withdrawn);

            // Wait until the change feed has read everything, so no announcement or timer arming is still under way.
            long tail = await Store.GetFeedTailAsync();
            await events.WaitForAsync(e => e.EventId >= tail);
        }

        await RefreshOffersAsync();
    }

    public Task DisposeAsync()
    {
        App.Dispose();
        return Task.CompletedTask;
    }

    public RecordStore Store => App.Services.GetRequiredService<RecordStore>();

    /// <summary>What must not change: the feed's tail (every change appends an audit event) and every offer, requirement and assignment of the setup.</summary>
    public async Task<string> FingerprintAsync()
    {
        long tail = await Store.GetFeedTailAsync();
        var parts = new List<string> { $"tail={tail}" };
        await Store.ReadAsync(async r =>
        {
            parts.Add($"open={(await r.GetIncidentsAsync(IncidentState.Open, 10_000)).Count}");
            foreach (long id in Incidents)
            {
                var incident = new IncidentId(id);
                parts.AddRange((await r.GetOffersForIncidentAsync(incident)).Select(o => $"offer {o.Id.Value} v{o.Volunteer.Value} {o.State} acked={o.AckedAt}"));
                parts.AddRange((await r.GetRequirementsAsync(incident)).Select(q => $"req {q.Id.Value} {q.Filled}/{q.Seats} step={q.EscalationStep}"));
                parts.AddRange((await r.GetAssignmentsAsync(incident)).Select(a => $"asg {a.Offer.Value} {a.State}"));
            }

            return 0;
        });
        return string.Join("\n", parts);
    }

    private async Task AnswerAsync(JsonElement created, string action, string userName, object? body)
    {
        using var client = await App.ClientAsync(userName);
        var (offerId, _) = created.SingleOffer();
        using var response = await client.PostAsJsonAsync($"/api/offers/{offerId}/{action}", body);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private void Track(string ending, JsonElement created)
    {
        Incidents.Add(created.IncidentId());
        var (offerId, volunteer) = created.SingleOffer();
        First[ending] = new KnownOffer(offerId, volunteer, ending);
    }

    private async Task RefreshOffersAsync()
    {
        var offers = await Store.ReadAsync(async r =>
        {
            var list = new List<KnownOffer>();
            foreach (long id in Incidents)
            {
                list.AddRange((await r.GetOffersForIncidentAsync(new IncidentId(id))).Select(o => new KnownOffer(o.Id.Value, o.Volunteer.Value, o.State.Name())));
            }

            return list;
        });
        AllOffers.AddRange(offers);
        foreach (var (ending, offer) in First)
        {
            Assert.Equal(ending, offers.Single(o => o.Id == offer.Id).State);
        }

        Assert.Equal(4, offers.Count(o => o.State == "pending"));
    }
}

/// <summary>An offer of the setup, its volunteer, and its state after the setup.</summary>
public sealed record KnownOffer(long Id, int Volunteer, string State)
{
    public string Owner => RealtimeAppFactory.UserOf(Volunteer);
}
