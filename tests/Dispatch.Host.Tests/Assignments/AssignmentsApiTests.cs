using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dispatch.Host.Auth;
using Dispatch.Host.Tests.Realtime;
using Dispatch.Host.Tests.Support;

namespace Dispatch.Host.Tests.Assignments;

[Collection(RealtimeCollection.Name)]
public sealed class AssignmentsApiTests(RealtimeAppFactory app)
{
    [Fact]
    public async Task WholeAssignment_OverHttp_ProgressReleaseReviewAndRefusals()
    {
        var created = await app.CreateIncidentAsync(9);
        var (offerId, owner) = created.SingleOffer();
        long requirement = created.GetProperty("requirements")[0].GetProperty("id").GetInt64();
        using var volunteer = await app.ClientAsync(RealtimeAppFactory.UserOf(owner));
        using var other = await app.ClientAsync(RealtimeAppFactory.UserOf(RealtimeAppFactory.VolunteerOf(9, 3)));
        using var commander = await app.ClientAsync(DemoAccounts.Commander);
        using var trainer = await app.ClientAsync(DemoAccounts.Trainer);
        using (var accept = await volunteer.PostAsync($"/api/offers/{offerId}/accept", null))
        {
            Assert.Equal(HttpStatusCode.OK, accept.StatusCode);
        }

        using (var foreign = await other.PostAsync($"/api/assignments/{offerId}/en-route", null))
        {
            await foreign.AssertProblemAsync(HttpStatusCode.Forbidden);
        }

        using (var unknown = await volunteer.PostAsync("/api/assignments/987654321/on-scene", null))
        {
            await unknown.AssertProblemAsync(HttpStatusCode.NotFound);
        }

        using (var staff = await commander.PostAsync($"/api/assignments/{offerId}/en-route", null))
        {
            Assert.Equal(HttpStatusCode.Forbidden, staff.StatusCode);
        }

        Assert.Equal("EnRoute", await StateAsync(await volunteer.PostAsync($"/api/assignments/{offerId}/en-route", null)));
        Assert.Equal("OnScene", await StateAsync(await volunteer.PostAsync($"/api/assignments/{offerId}/on-scene", null)));

        using (var blankLeader = await commander.PostAsJsonAsync($"/api/assignments/{offerId}/release", new { leader = " " }))
        {
            await blankLeader.AssertProblemAsync(HttpStatusCode.BadRequest);
        }

        using (var byVolunteer = await volunteer.PostAsJsonAsync($"/api/assignments/{offerId}/release", new { leader = "me" }))
        {
            Assert.Equal(HttpStatusCode.Forbidden, byVolunteer.StatusCode);
        }

        using (var release = await commander.PostAsJsonAsync($"/api/assignments/{offerId}/release", new { leader = "王队长" }))
        {
            var body = await release.ReadAsync<JsonElement>();
            Assert.Equal("Released", body.GetProperty("state").GetString());
            Assert.Equal("王队长", body.GetProperty("serviceRecord").GetProperty("leader").GetString());
            Assert.Equal("hours-v1", body.GetProperty("serviceRecord").GetProperty("ruleVersion").GetString());
        }

        using (var again = await commander.PostAsJsonAsync($"/api/assignments/{offerId}/release", new { leader = "李队长" }))
        {
            var body = await again.ReadAsync<JsonElement>();
            Assert.Equal(("Repeated", "王队长"), (body.GetProperty("outcome").GetString(), body.GetProperty("serviceRecord").GetProperty("leader").GetString()));
        }

        using (var late = await volunteer.PostAsync($"/api/assignments/{offerId}/on-scene", null))
        {
            await late.AssertProblemAsync(HttpStatusCode.Conflict);
        }

        using (var outOfRange = await commander.PostAsJsonAsync($"/api/assignments/{offerId}/review", new { rating = 9, comment = "?" }))
        {
            await outOfRange.AssertProblemAsync(HttpStatusCode.BadRequest);
        }

        using (var byTrainer = await trainer.PostAsJsonAsync($"/api/assignments/{offerId}/review", new { rating = 3 }))
        {
            await byTrainer.AssertProblemAsync(HttpStatusCode.Forbidden);
        }

        Assert.Equal("Done", await OutcomeAsync(await commander.PostAsJsonAsync($"/api/assignments/{offerId}/review", new { rating = 5, comment = "处置得当" })));
        Assert.Equal("Repeated", await OutcomeAsync(await commander.PostAsJsonAsync($"/api/assignments/{offerId}/review", new { rating = 1 })));
        Assert.Equal("Done", await OutcomeAsync(await volunteer.PostAsJsonAsync($"/api/assignments/{offerId}/review", new { rating = 4, comment = "指挥清晰" })));

        // The requirement is filled: escalation and manual picks have nothing to do.
        using (var escalate = await commander.PostAsJsonAsync($"/api/requirements/{requirement}/escalate", new { reason = "test" }))
        {
            await escalate.AssertProblemAsync(HttpStatusCode.Conflict);
        }

        using (var pick = await commander.PostAsJsonAsync($"/api/requirements/{requirement}/manual-pick", new { volunteerId = RealtimeAppFactory.VolunteerOf(9, 2), reason = "熟悉地形" }))
        {
            await pick.AssertProblemAsync(HttpStatusCode.Conflict);
        }

        using (var unknownRequirement = await commander.PostAsJsonAsync("/api/requirements/987654321/escalate", new { reason = "test" }))
        {
            await unknownRequirement.AssertProblemAsync(HttpStatusCode.NotFound);
        }

        using (var unknownVolunteer = await commander.PostAsJsonAsync($"/api/requirements/{requirement}/manual-pick", new { volunteerId = 99_999, reason = "x" }))
        {
            await unknownVolunteer.AssertProblemAsync(HttpStatusCode.BadRequest);
        }
    }

    private static async Task<string?> StateAsync(HttpResponseMessage response)
    {
        using (response)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return (await response.ReadAsync<JsonElement>()).GetProperty("state").GetString();
        }
    }

    private static async Task<string?> OutcomeAsync(HttpResponseMessage response)
    {
        using (response)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return (await response.ReadAsync<JsonElement>()).GetProperty("outcome").GetString();
        }
    }
}
