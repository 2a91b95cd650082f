using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dispatch.Host.Auth;
using Dispatch.Host.Tests.Realtime;
using Dispatch.Host.Tests.Support;

namespace Dispatch.Host.Tests.Offers;

[Collection(RealtimeCollection.Name)]
public sealed class OffersApiTests(RealtimeAppFactory app)
{
    [Fact]
    public async Task Answers_OwnOfferOk_ForeignForbidden_UnknownNotFound_IllegalConflict()
    {
        var created = await app.CreateIncidentAsync(6);
        var (offerId, owner) = created.SingleOffer();
        using var mine = await app.ClientAsync(RealtimeAppFactory.UserOf(owner));
        using var theirs = await app.ClientAsync(RealtimeAppFactory.UserOf(RealtimeAppFactory.VolunteerOf(6, 3)));

        using (var foreign = await theirs.PostAsync($"/api/offers/{offerId}/accept", null))
        {
            await foreign.AssertProblemAsync(HttpStatusCode.Forbidden);
        }

        using (var unknown = await mine.PostAsync("/api/offers/987654321/accept", null))
        {
            await unknown.AssertProblemAsync(HttpStatusCode.NotFound);
        }

        using (var ack = await mine.PostAsync($"/api/offers/{offerId}/ack", null))
        {
            Assert.Equal(HttpStatusCode.OK, ack.StatusCode);
        }

        using (var decline = await mine.PostAsJsonAsync($"/api/offers/{offerId}/decline", new { reason = "生病" }))
        {
            Assert.Equal("declined", (await decline.ReadAsync<JsonElement>()).GetProperty("state").GetString());
        }

        using (var repeat = await mine.PostAsJsonAsync($"/api/offers/{offerId}/decline", new { reason = "again" }))
        {
            Assert.True((await repeat.ReadAsync<JsonElement>()).GetProperty("repeated").GetBoolean());
        }

        using var accept = await mine.PostAsync($"/api/offers/{offerId}/accept", null);
        var problem = await accept.AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("declined", problem.GetProperty("state").GetString());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("detail").GetString()));
    }

    [Fact]
    public async Task Withdraw_AsCommanderWithReason_Ok_BlankReason400_VolunteerForbidden_Twice409()
    {
        var created = await app.CreateIncidentAsync(7);
        var (offerId, owner) = created.SingleOffer();
        using var commander = await app.ClientAsync(DemoAccounts.Commander);
        using var volunteer = await app.ClientAsync(RealtimeAppFactory.UserOf(owner));

        using (var forbidden = await volunteer.PostAsJsonAsync($"/api/offers/{offerId}/withdraw", new { reason = "x" }))
        {
            Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        }

        using (var blank = await commander.PostAsJsonAsync($"/api/offers/{offerId}/withdraw", new { reason = " " }))
        {
            await blank.AssertProblemAsync(HttpStatusCode.BadRequest);
        }

        using (var ok = await commander.PostAsJsonAsync($"/api/offers/{offerId}/withdraw", new { reason = "改派" }))
        {
            Assert.Equal("withdrawn", (await ok.ReadAsync<JsonElement>()).GetProperty("state").GetString());
        }

        Assert.Equal("withdrawn", (await app.GetIncidentAsync(created.IncidentId())).OfferState(offerId));
        using var accept = await volunteer.PostAsync($"/api/offers/{offerId}/accept", null);
        await accept.AssertProblemAsync(HttpStatusCode.Conflict);
    }
}
