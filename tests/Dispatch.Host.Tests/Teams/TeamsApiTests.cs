using System.Net;
using System.Text.Json;
using Dispatch.Engine.Geo;
using Dispatch.Host.Auth;
using Dispatch.Host.Tests.Support;

namespace Dispatch.Host.Tests.Teams;

[Collection(HostCollection.Name)]
public sealed class TeamsApiTests(DispatchAppFactory app)
{
    [Fact]
    public async Task List_AllTeams_WithLeaderTypeCityAndBaseCoarsenedTo1Km()
    {
        using var client = await app.CreateClientForAsync(DispatchRoles.Trainer);
        var teams = await (await client.GetAsync("/api/teams")).ReadAsync<JsonElement>();

        var pool = app.LivePool.Pool;
        Assert.Equal(pool.Teams.Count, teams.GetArrayLength());
        Assert.True(pool.Teams.Count > 0);
        foreach (var team in teams.EnumerateArray())
        {
            var source = pool.Teams[team.GetProperty("id").GetInt32()];
            Assert.Equal(source.Type, team.GetProperty("type").GetString());
            Assert.Equal(source.Leader?.Value, team.GetProperty("leaderId").ValueKind == JsonValueKind.Null ? null : team.GetProperty("leaderId").GetInt32());
            Assert.Equal(JiangsuCity.All[source.City].Adcode, team.GetProperty("cityAdcode").GetInt32());
            var at = team.GetProperty("base");
            Assert.Equal("coarse1Km", at.GetProperty("precision").GetString());
            double lat = at.GetProperty("latitude").GetDouble();
            Assert.Equal(Math.Round(lat, 2), lat, 9);
            Assert.True(Math.Abs(lat - source.Base.Latitude) <= 0.005 + 1e-9);
            Assert.True(Math.Abs(at.GetProperty("longitude").GetDouble() - source.Base.Longitude) <= 0.005 + 1e-9);
        }
    }

    [Fact]
    public async Task List_ByCity_OnlyThatCity_UnknownAdcode400()
    {
        using var client = await app.CreateClientForAsync(DispatchRoles.Commander);
        var nanjing = JiangsuCity.ByAdcode(320100);
        var teams = await (await client.GetAsync("/api/teams?city=320100")).ReadAsync<JsonElement>();

        Assert.Equal(app.LivePool.Pool.Teams.Count(t => t.City == nanjing.Index), teams.GetArrayLength());
        Assert.All(teams.EnumerateArray(), t => Assert.Equal(320100, t.GetProperty("cityAdcode").GetInt32()));

        using var unknown = await client.GetAsync("/api/teams?city=110000");
        await unknown.AssertProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Get_KnownTeam_Ok_UnknownNotFound()
    {
        using var client = await app.CreateClientForAsync(DispatchRoles.Admin);
        var team = await (await client.GetAsync("/api/teams/0")).ReadAsync<JsonElement>();
        Assert.Equal(app.LivePool.Pool.Teams[0].Name, team.GetProperty("name").GetString());

        using var unknown = await client.GetAsync("/api/teams/987654");
        await unknown.AssertProblemAsync(HttpStatusCode.NotFound);
    }
}
