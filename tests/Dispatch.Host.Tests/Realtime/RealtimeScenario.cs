using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dispatch.Host.Auth;
using Dispatch.Host.Realtime;
using Microsoft.AspNetCore.SignalR.Client;

namespace Dispatch.Host.Tests.Realtime;

/// <summary>Intent helpers over <see cref="RealtimeAppFactory"/>: open an incident, connect clients that record what they receive.</summary>
internal static class RealtimeScenario
{
    /// <summary>Opens a flood at the centre of <paramref name="cluster"/> as the commander; returns the 201 body.</summary>
    public static async Task<JsonElement> CreateIncidentAsync(this RealtimeAppFactory app, int cluster)
    {
        using var commander = await app.ClientAsync(DemoAccounts.Commander);
        var centre = RealtimeAppFactory.CentreOf(cluster);
        using var response = await commander.PostAsJsonAsync("/api/incidents", new
        {
            type = "flood",
            severity = "minor",
            latitude = centre.Latitude,
            longitude = centre.Longitude,
            commandAuthority = "南京市应急管理局",
            meetingPoint = "鼓楼广场北门",
            notes = $"cluster {cluster}",
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    public static async Task<JsonElement> GetIncidentAsync(this RealtimeAppFactory app, long id)
    {
        using var commander = await app.ClientAsync(DemoAccounts.Commander);
        using var response = await commander.GetAsync($"/api/incidents/{id}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    public static long IncidentId(this JsonElement created) => created.GetProperty("incident").GetProperty("id").GetInt64();

    public static (long Id, int Volunteer) SingleOffer(this JsonElement created)
    {
        var offer = Assert.Single(created.GetProperty("offers").EnumerateArray());
        return (offer.GetProperty("id").GetInt64(), offer.GetProperty("volunteerId").GetInt32());
    }

    public static string OfferState(this JsonElement incident, long offerId) =>
        incident.GetProperty("offers").EnumerateArray().Single(o => o.GetProperty("id").GetInt64() == offerId).GetProperty("state").GetString()!;

    public static async Task<(HubConnection Connection, Inbox<OfferDto> Pending, Inbox<OfferClosedDto> Closed)> VolunteerAsync(
        this RealtimeAppFactory app, int volunteer, bool messagePack = false)
    {
        var pending = new Inbox<OfferDto>();
        var closed = new Inbox<OfferClosedDto>();
        var connection = await app.ConnectVolunteerAsync(volunteer, messagePack, c =>
        {
            c.On<OfferDto>(nameof(IVolunteerClient.OfferPending), pending.Add);
            c.On<OfferClosedDto>(nameof(IVolunteerClient.OfferClosed), closed.Add);
        });
        return (connection, pending, closed);
    }

    public static async Task<(HubConnection Connection, Inbox<BoardEventDto> Events)> BoardAsync(this RealtimeAppFactory app, string userName = DemoAccounts.Commander)
    {
        var events = new Inbox<BoardEventDto>();
        var connection = await app.ConnectAsync(BoardHub.Path, userName, handlers: c => c.On<BoardEventDto>(nameof(IBoardClient.BoardEvent), events.Add));
        return (connection, events);
    }
}
