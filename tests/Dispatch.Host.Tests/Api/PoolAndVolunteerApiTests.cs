using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Dispatch.Engine.Pool;
using Dispatch.Host.Auth;
using Dispatch.Host.Tests.Support;

namespace Dispatch.Host.Tests.Api;

[Collection(HostCollection.Name)]
public sealed partial class PoolAndVolunteerApiTests(DispatchAppFactory app)
{
    [Fact]
    public async Task PoolSummary_AsCommander_CountsAgreeWithThePool()
    {
        using var client = await app.CreateClientForAsync(DispatchRoles.Commander);

        var summary = await (await client.GetAsync("/api/pool/summary")).ReadAsync<JsonElement>();

        var pool = app.LivePool.Pool;
        int onDuty = Enumerable.Range(0, pool.Count).Count(v => pool.Duty(new VolunteerId(v)) == DutyState.OnDuty);
        Assert.Equal(pool.Count, summary.GetProperty("volunteers").GetInt32());
        Assert.Equal(onDuty, summary.GetProperty("onDuty").GetInt32());
        var cities = summary.GetProperty("cities").EnumerateArray().ToList();
        Assert.Equal(13, cities.Count);
        Assert.Equal(pool.Count, cities.Sum(c => c.GetProperty("volunteers").GetInt32()));
        Assert.All(cities, c =>
        {
            Assert.True(c.GetProperty("free").GetInt32() <= c.GetProperty("onDuty").GetInt32());
            Assert.Equal(pool.Catalog.All.Count, c.GetProperty("skills").GetArrayLength());
        });
    }

    [Fact]
    public async Task Volunteer_OwnRecord_IsPreciseWithFullPhone()
    {
        using var client = await app.CreateClientForAsync(DispatchRoles.Volunteer);
        int id = await app.VolunteerIdOfAsync(DemoAccounts.Volunteer(1));

        var view = await (await client.GetAsync($"/api/volunteers/{id}")).ReadAsync<JsonElement>();

        var truth = app.LivePool.Pool.Get(new VolunteerId(id));
        Assert.False(view.GetProperty("masked").GetBoolean());
        Assert.Matches(PhoneDigits(), view.GetProperty("phone").GetString());
        Assert.Equal("precise", view.GetProperty("location").GetProperty("precision").GetString());
        Assert.Equal(truth.LastKnown.Latitude, view.GetProperty("location").GetProperty("latitude").GetDouble(), 6);
        Assert.Equal("onDuty", view.GetProperty("duty").GetString());
    }

    [Fact]
    public async Task Volunteer_AsCommander_IsMaskedAndCoarsened()
    {
        using var client = await app.CreateClientForAsync(DispatchRoles.Commander);
        int id = await app.VolunteerIdOfAsync(DemoAccounts.Volunteer(2));

        var view = await (await client.GetAsync($"/api/volunteers/{id}")).ReadAsync<JsonElement>();

        var truth = app.LivePool.Pool.Get(new VolunteerId(id));
        var location = view.GetProperty("location");
        Assert.True(view.GetProperty("masked").GetBoolean());
        Assert.Matches(MaskedPhone(), view.GetProperty("phone").GetString());
        Assert.Equal("coarse1Km", location.GetProperty("precision").GetString());
        Assert.Equal(JsonValueKind.Null, view.GetProperty("birthDate").ValueKind);
        double lat = location.GetProperty("latitude").GetDouble();
        Assert.Equal(Math.Round(lat, 2), lat);
        Assert.InRange(Math.Abs(lat - truth.LastKnown.Latitude), 0, 0.0051);
    }

    [Theory]
    [InlineData(DispatchAppFactory.DefaultVolunteers)]
    [InlineData(-1)]
    [InlineData(int.MaxValue)]
    public async Task Volunteer_UnknownIdAsCommander_Returns404Problem(int id)
    {
        using var client = await app.CreateClientForAsync(DispatchRoles.Commander);

        using var response = await client.GetAsync($"/api/volunteers/{id}");

        await response.AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData(DispatchAppFactory.DefaultVolunteers)]
    [InlineData(0)]
    public async Task Volunteer_OtherOrUnknownIdAsVolunteer_Returns403Problem(int id)
    {
        using var client = await app.CreateClientForAsync(DispatchRoles.Volunteer);
        Assert.NotEqual(id, await app.VolunteerIdOfAsync(DemoAccounts.Volunteer(1)));

        using var response = await client.GetAsync($"/api/volunteers/{id}");

        await response.AssertProblemAsync(HttpStatusCode.Forbidden);
    }

    [GeneratedRegex(@"^1\d{10}$")]
    private static partial Regex PhoneDigits();

    [GeneratedRegex(@"^1\d{2}\*{4}\d{4}$")]
    private static partial Regex MaskedPhone();
}
