using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dispatch.Host.Auth;
using Dispatch.Host.Tests.Realtime;
using Dispatch.Host.Tests.Support;

namespace Dispatch.Host.Tests.Incidents;

[Collection(RealtimeCollection.Name)]
public sealed class IncidentsApiTests(RealtimeAppFactory app)
{
    [Fact]
    public async Task Create_AsCommander_Returns201WithRequirementsAndOffers_ListedAsOpen()
    {
        var created = await app.CreateIncidentAsync(5);
        Assert.Single(created.GetProperty("requirements").EnumerateArray());
        var (_, volunteer) = created.SingleOffer();
        Assert.Equal(RealtimeAppFactory.VolunteerOf(5, 0), volunteer);
        Assert.Contains("洪涝", created.GetProperty("incident").GetProperty("summary").GetString() ?? "", StringComparison.Ordinal);

        using var trainer = await app.ClientAsync(DemoAccounts.Trainer);
        var list = JsonDocument.Parse(await trainer.GetStringAsync("/api/incidents")).RootElement;
        var item = list.EnumerateArray().Single(i => i.GetProperty("incident").GetProperty("id").GetInt64() == created.IncidentId());
        Assert.Equal((1, 0, 1), (item.GetProperty("seats").GetInt32(), item.GetProperty("filled").GetInt32(), item.GetProperty("pendingOffers").GetInt32()));
    }

    [Fact]
    public async Task Create_OutOfRangeLatitudeOrUnknownType_Returns400ProblemAndRecordsNothing()
    {
        using var commander = await app.ClientAsync(DemoAccounts.Commander);
        int before = (await OpenCountAsync(commander));
        using var badLat = await commander.PostAsJsonAsync("/api/incidents", Body("flood", 200));
        await badLat.AssertProblemAsync(HttpStatusCode.BadRequest);
        using var badType = await commander.PostAsJsonAsync("/api/incidents", Body("no-such-type", 32));
        await badType.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(before, await OpenCountAsync(commander));
    }

    [Fact]
    public async Task Create_AsTrainerOrVolunteer_Returns403()
    {
        foreach (var user in new[] { DemoAccounts.Trainer, RealtimeAppFactory.UserOf(0) })
        {
            using var client = await app.ClientAsync(user);
            using var response = await client.PostAsJsonAsync("/api/incidents", Body("flood", 32));
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        }
    }

    [Fact]
    public async Task Get_UnknownId_Returns404Problem()
    {
        using var commander = await app.ClientAsync(DemoAccounts.Commander);
        using var response = await commander.GetAsync("/api/incidents/987654321");
        await response.AssertProblemAsync(HttpStatusCode.NotFound);
    }

    private static object Body(string type, double latitude) => new
    {
        type,
        severity = "minor",
        latitude,
        longitude = 118.8,
        commandAuthority = "南京市应急管理局",
        meetingPoint = "鼓楼广场北门",
    };

    private static async Task<int> OpenCountAsync(HttpClient client) =>
        JsonDocument.Parse(await client.GetStringAsync("/api/incidents")).RootElement.GetArrayLength();
}
