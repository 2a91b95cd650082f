using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dispatch.Engine.Dispatching;
using Dispatch.Engine.Geo;
using Dispatch.Engine.Pool;
using Dispatch.Engine.PrePlans;
using Dispatch.Host.Auth;
using Dispatch.Host.Dispatching;
using Dispatch.Host.Records;
using Dispatch.Host.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Dispatch.Host.Tests.Privacy;

/// <summary>Intent helpers over the shared host for the privacy and metrics tests: open incidents, end them, read the audit.</summary>
internal static class PrivacyScenario
{
    /// <summary>Far apart in 南京, 苏州 and 徐州 so two incidents do not offer the same volunteers.</summary>
    public static readonly GeoPoint[] Places = [new(32.06, 118.78), new(31.30, 120.62), new(34.26, 117.18)];

    /// <summary>A missing-person search (non-hazardous) opened by the demo commander over the API; returns (incident, offers: id → volunteer).</summary>
    public static async Task<(long Incident, IReadOnlyList<(long Offer, int Volunteer)> Offers)> OpenAsCommanderAsync(this DispatchAppFactory app, GeoPoint at)
    {
        using var commander = await app.CreateClientForAsync(DispatchRoles.Commander);
        using var response = await commander.PostAsJsonAsync("/api/incidents", new
        {
            type = "missing_person",
            severity = "minor",
            latitude = at.Latitude,
            longitude = at.Longitude,
            commandAuthority = "南京市应急管理局",
            meetingPoint = "集合点",
            notes = "privacy test",
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        var offers = body.GetProperty("offers").EnumerateArray()
            .Select(o => (o.GetProperty("id").GetInt64(), o.GetProperty("volunteerId").GetInt32())).ToList();
        Assert.NotEmpty(offers);
        return (body.GetProperty("incident").GetProperty("id").GetInt64(), offers);
    }

    /// <summary>The same incident opened by another commander (through the use case: the host has one commander account).</summary>
    public static async Task<CreateIncidentResult> OpenAsOtherCommanderAsync(this DispatchAppFactory app, GeoPoint at)
    {
        var result = await app.Services.GetRequiredService<CreateIncident>().ExecuteAsync(new CreateIncidentCommand(
            "missing_person", Severity.Minor, at, "苏州市应急管理局", "集合点", "privacy test", null, IsDrill: false, Actor: "commander:other"));
        Assert.NotEmpty(result.OffersSent);
        return result;
    }

    /// <summary>Cancels the incident (its offers are withdrawn and its volunteers free again) so the shared host stays clean.</summary>
    public static Task CancelAsync(this DispatchAppFactory app, long incident) =>
        app.Services.GetRequiredService<EndIncident>().ExecuteAsync(new IncidentId(incident), cancel: true, "commander:test", "test cleanup");

    public static Task<IReadOnlyList<AuditEvent>> AuditOfAsync(this DispatchAppFactory app, int volunteer) =>
        app.Services.GetRequiredService<RecordStore>().ReadAsync(r => r.GetAuditForVolunteerAsync(new VolunteerId(volunteer)));

    public static Task<long> FeedTailAsync(this DispatchAppFactory app) =>
        app.Services.GetRequiredService<RecordStore>().GetFeedTailAsync();

    /// <summary>A volunteer no incident of these tests offers: the highest id of the pool (far from the test places is not guaranteed, so it is checked).</summary>
    public static async Task<int> UncommittedVolunteerAsync(this DispatchAppFactory app)
    {
        var store = app.Services.GetRequiredService<RecordStore>();
        for (int id = app.Volunteers - 1; id >= 0; id--)
        {
            var v = new VolunteerId(id);
            if (app.LivePool.Pool.Commitment(v) == CommitmentState.Free
                && (await store.ReadAsync(r => r.GetPendingOffersForVolunteerAsync(v))).Count == 0)
            {
                return id;
            }
        }

        throw new InvalidOperationException("Every volunteer is committed.");
    }
}
