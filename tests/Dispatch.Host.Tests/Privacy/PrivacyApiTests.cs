using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dispatch.Engine.Pool;
using Dispatch.Host.Api;
using Dispatch.Host.Auth;
using Dispatch.Host.Privacy;
using Dispatch.Host.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Dispatch.Host.Tests.Privacy;

/// <summary>
/// Precise location only for the commander of an open incident the volunteer is committed to, phone numbers only on an
/// explicit reveal with a reason — each disclosure audited exactly once, refusals writing nothing.
/// </summary>
[Collection(HostCollection.Name)]
public sealed class PrivacyApiTests(DispatchAppFactory app)
{
    [Fact]
    public async Task Location_CommanderOfIncident_PreciseWithOneAuditEventPerRead_MaskedViewStaysCoarse()
    {
        var (incident, offers) = await app.OpenAsCommanderAsync(PrivacyScenario.Places[0]);
        try
        {
            var (offer, volunteer) = offers[0];
            using var commander = await app.CreateClientForAsync(DispatchRoles.Commander);

            var read = await (await commander.GetAsync($"/api/volunteers/{volunteer}/location?reason=%E6%8E%A5%E5%BA%94")).ReadAsync<JsonElement>();
            var known = app.LivePool.Pool.Get(new VolunteerId(volunteer)).LastKnown;
            Assert.Equal(incident, read.GetProperty("incidentId").GetInt64());
            Assert.Equal(offer, read.GetProperty("offerId").GetInt64());
            Assert.Equal("offer", read.GetProperty("basis").GetString());
            Assert.Equal("precise", read.GetProperty("location").GetProperty("precision").GetString());
            Assert.Equal(known.Latitude, read.GetProperty("location").GetProperty("latitude").GetDouble());
            Assert.Equal(known.Longitude, read.GetProperty("location").GetProperty("longitude").GetDouble());

            var events = (await app.AuditOfAsync(volunteer)).Where(e => e.Kind == PrivacyAuditKinds.LocationRead).ToList();
            var single = Assert.Single(events);
            Assert.Equal("commander:commander", single.Actor);
            Assert.Equal(incident, single.Incident?.Value);
            Assert.Equal(offer, single.Offer?.Value);
            Assert.Equal("接应", single.Reason);
            Assert.Equal(single.Id, read.GetProperty("auditEventId").GetInt64());

            using (var again = await commander.GetAsync($"/api/volunteers/{volunteer}/location"))
            {
                Assert.Equal(HttpStatusCode.OK, again.StatusCode);
            }

            var second = (await app.AuditOfAsync(volunteer)).Where(e => e.Kind == PrivacyAuditKinds.LocationRead).ToList();
            Assert.Equal(2, second.Count);
            Assert.Contains($"incident {incident}", second[1].Reason, StringComparison.Ordinal);

            var masked = await (await commander.GetAsync($"/api/volunteers/{volunteer}")).ReadAsync<JsonElement>();
            Assert.Equal("coarse1Km", masked.GetProperty("location").GetProperty("precision").GetString());
            Assert.Equal(Math.Round(known.Latitude, 2), masked.GetProperty("location").GetProperty("latitude").GetDouble(), 6);
        }
        finally
        {
            await app.CancelAsync(incident);
        }
    }

    [Fact]
    public async Task Location_VolunteerNotCommitted_Forbidden_NothingWritten()
    {
        int volunteer = await app.UncommittedVolunteerAsync();
        using var commander = await app.CreateClientForAsync(DispatchRoles.Commander);
        long tail = await app.FeedTailAsync();

        using var response = await commander.GetAsync($"/api/volunteers/{volunteer}/location");

        var problem = await response.AssertProblemAsync(HttpStatusCode.Forbidden);
        Assert.Contains("incident you command", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(tail, await app.FeedTailAsync());
    }

    [Fact]
    public async Task Location_VolunteerOfAnotherCommandersIncident_Forbidden_NothingWritten()
    {
        var other = await app.OpenAsOtherCommanderAsync(PrivacyScenario.Places[1]);
        try
        {
            int volunteer = other.OffersSent[0].Volunteer.Value;
            using var commander = await app.CreateClientForAsync(DispatchRoles.Commander);
            long tail = await app.FeedTailAsync();

            using var response = await commander.GetAsync($"/api/volunteers/{volunteer}/location");

            await response.AssertProblemAsync(HttpStatusCode.Forbidden);
            Assert.Equal(tail, await app.FeedTailAsync());
            Assert.DoesNotContain(await app.AuditOfAsync(volunteer), e => e.Kind == PrivacyAuditKinds.LocationRead);
        }
        finally
        {
            await app.CancelAsync(other.Incident.Id.Value);
        }
    }

    [Fact]
    public async Task Location_AfterIncidentCancelled_Forbidden()
    {
        var (incident, offers) = await app.OpenAsCommanderAsync(PrivacyScenario.Places[2]);
        await app.CancelAsync(incident);
        using var commander = await app.CreateClientForAsync(DispatchRoles.Commander);
        long tail = await app.FeedTailAsync();

        using var response = await commander.GetAsync($"/api/volunteers/{offers[0].Volunteer}/location");

        await response.AssertProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal(tail, await app.FeedTailAsync());
    }

    [Fact]
    public async Task Location_UnknownVolunteer_NotFound()
    {
        using var commander = await app.CreateClientForAsync(DispatchRoles.Commander);
        using var response = await commander.GetAsync($"/api/volunteers/{app.Volunteers + 10}/location");
        await response.AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData(DispatchRoles.Commander)]
    [InlineData(DispatchRoles.Admin)]
    public async Task PhoneReveal_WithReason_FullNumberAndOneAuditEvent_ViewsStayMasked(string role)
    {
        int volunteer = role == DispatchRoles.Commander ? 11 : 12;
        using var client = await app.CreateClientForAsync(role);
        string phone = app.Services.GetRequiredService<IVolunteerContacts>().PhoneOf(new VolunteerId(volunteer))!;
        int before = (await app.AuditOfAsync(volunteer)).Count(e => e.Kind == PrivacyAuditKinds.PhoneRevealed);

        using var response = await client.PostAsJsonAsync($"/api/volunteers/{volunteer}/phone-reveal", new { reason = "  联系家属  " });

        var body = await response.ReadAsync<JsonElement>();
        Assert.Equal(phone, body.GetProperty("phone").GetString());
        var events = (await app.AuditOfAsync(volunteer)).Where(e => e.Kind == PrivacyAuditKinds.PhoneRevealed).ToList();
        Assert.Equal(before + 1, events.Count);
        Assert.Equal($"{role}:{role}", events[^1].Actor);
        Assert.Equal("联系家属", events[^1].Reason);
        Assert.Equal(events[^1].Id, body.GetProperty("auditEventId").GetInt64());
        Assert.DoesNotContain(phone, events[^1].Payload, StringComparison.Ordinal);

        var masked = await (await client.GetAsync($"/api/volunteers/{volunteer}")).ReadAsync<JsonElement>();
        Assert.Equal(DemoVolunteerContacts.Mask(phone), masked.GetProperty("phone").GetString());
    }

    [Theory]
    [InlineData(DispatchRoles.Commander, "{\"reason\":\"   \"}", HttpStatusCode.BadRequest)]
    [InlineData(DispatchRoles.Commander, "{}", HttpStatusCode.BadRequest)]
    [InlineData(DispatchRoles.Volunteer, "{\"reason\":\"x\"}", HttpStatusCode.Forbidden)]
    [InlineData(DispatchRoles.Trainer, "{\"reason\":\"x\"}", HttpStatusCode.Forbidden)]
    public async Task PhoneReveal_Refused_NothingWritten(string role, string json, HttpStatusCode expected)
    {
        using var client = await app.CreateClientForAsync(role);
        long tail = await app.FeedTailAsync();

        using var content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
        using var response = await client.PostAsync("/api/volunteers/13/phone-reveal", content);

        await response.AssertProblemAsync(expected);
        Assert.Equal(tail, await app.FeedTailAsync());
    }

    [Fact]
    public async Task PhoneReveal_TooLongReasonOrUnknownVolunteer_Refused_NothingWritten()
    {
        using var client = await app.CreateClientForAsync(DispatchRoles.Admin);
        long tail = await app.FeedTailAsync();

        using (var tooLong = await client.PostAsJsonAsync("/api/volunteers/13/phone-reveal", new { reason = new string('x', PrivacyApi.MaxReasonLength + 1) }))
        {
            await tooLong.AssertProblemAsync(HttpStatusCode.BadRequest);
        }

        using (var unknown = await client.PostAsJsonAsync($"/api/volunteers/{app.Volunteers + 1}/phone-reveal", new { reason = "x" }))
        {
            await unknown.AssertProblemAsync(HttpStatusCode.NotFound);
        }

        Assert.Equal(tail, await app.FeedTailAsync());
    }
}
