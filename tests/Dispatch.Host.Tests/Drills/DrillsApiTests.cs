using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dispatch.Host.Auth;
using Dispatch.Host.Drills;
using Dispatch.Host.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Dispatch.Host.Tests.Drills;

/// <summary><c>/api/drills</c>: roles, bad input, the run controls, competitions, results, reviews and evaluation.</summary>
[Collection(HostCollection.Name)]
public sealed class DrillsApiTests(DispatchAppFactory app)
{
    private const string Fast = "wuxi_expressway_pileup";

    [Fact]
    public async Task Scenarios_ByRole_TrainerAndAdminAllowedOthersRefused()
    {
        foreach (var role in new[] { DispatchRoles.Trainer, DispatchRoles.Admin })
        {
            using var client = await app.CreateClientForAsync(role);
            var scenarios = JsonDocument.Parse(await client.GetStringAsync("/api/drills/scenarios")).RootElement;
            Assert.Contains(scenarios.EnumerateArray(), s => s.GetProperty("id").GetString() == Fast);
            Assert.All(scenarios.EnumerateArray(), s => Assert.StartsWith("【演练】", s.GetProperty("nameZh").GetString(), StringComparison.Ordinal));
        }

        foreach (var role in new[] { DispatchRoles.Commander, DispatchRoles.Volunteer })
        {
            using var client = await app.CreateClientForAsync(role);
            using var response = await client.PostAsJsonAsync("/api/drills/runs", new { scenario = Fast });
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        }

        using var anonymous = await app.CreateClientForAsync(null);
        using var refused = await anonymous.GetAsync("/api/drills/runs");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    [Theory]
    [InlineData("{\"scenario\":\"no_such_drill\"}", HttpStatusCode.NotFound)]
    [InlineData("{\"scenario\":\"\"}", HttpStatusCode.BadRequest)]
    [InlineData("{}", HttpStatusCode.BadRequest)]
    [InlineData("{\"scenario\":\"wuxi_expressway_pileup\",\"speed\":\"fast\"}", HttpStatusCode.BadRequest)]
    [InlineData("{\"scenario\":\"wuxi_expressway_pileup\",\"speed\":\"0\"}", HttpStatusCode.BadRequest)]
    [InlineData("{\"scenario\":\"wuxi_expressway_pileup\",\"team\":\"   \"}", HttpStatusCode.BadRequest)]
    public async Task StartRun_BadInput_ProblemAndNoRunStarted(string body, HttpStatusCode status)
    {
        using var trainer = await app.CreateClientForAsync(DispatchRoles.Trainer);
        int before = Drills.Sessions.Count;

        using var response = await trainer.PostAsync("/api/drills/runs", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        await response.AssertProblemAsync(status);
        Assert.Equal(before, Drills.Sessions.Count);
    }

    [Theory]
    [InlineData("{\"name\":\"c\",\"scenario\":\"wuxi_expressway_pileup\",\"teams\":[]}")]
    [InlineData("{\"name\":\"c\",\"scenario\":\"wuxi_expressway_pileup\",\"teams\":[{\"name\":\"a\"},{\"name\":\"a\"}]}")]
    [InlineData("{\"name\":\"\",\"scenario\":\"wuxi_expressway_pileup\",\"teams\":[{\"name\":\"a\"}]}")]
    [InlineData("{\"name\":\"c\",\"scenario\":\"wuxi_expressway_pileup\",\"teams\":[{\"name\":\"a\",\"offerTimeoutSeconds\":-5}]}")]
    public async Task StartCompetition_BadInput_400Problem(string body)
    {
        using var trainer = await app.CreateClientForAsync(DispatchRoles.Trainer);
        int before = Drills.Sessions.Count;

        using var response = await trainer.PostAsync("/api/drills/competitions", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(before, Drills.Sessions.Count);
    }

    [Fact]
    public async Task UnknownRunOrResult_404Problem()
    {
        using var trainer = await app.CreateClientForAsync(DispatchRoles.Trainer);
        foreach (var path in new[] { "/api/drills/runs/run-nope", "/api/drills/runs/run-nope/report", "/api/drills/competitions/cmp-nope" })
        {
            using var response = await trainer.GetAsync(path);
            await response.AssertProblemAsync(HttpStatusCode.NotFound);
        }

        using var pause = await trainer.PostAsync("/api/drills/runs/run-nope/pause", null);
        await pause.AssertProblemAsync(HttpStatusCode.NotFound);
        using var review = await trainer.PostAsJsonAsync("/api/drills/results/987654/review", new { rating = 4 });
        await review.AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Run_PauseResumeStop_StopsAndPersistsAStoppedResult()
    {
        using var trainer = await app.CreateClientForAsync(DispatchRoles.Trainer);
        // 1× real time on the test host's fake clock: the run waits for time that never passes until it is stopped.
        using var started = await trainer.PostAsJsonAsync("/api/drills/runs", new { scenario = Fast, speed = "1", team = "蓝队" });
        Assert.Equal(HttpStatusCode.Created, started.StatusCode);
        string id = (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;

        Assert.Equal("paused", await StateAfterAsync(trainer, $"/api/drills/runs/{id}/pause"));
        Assert.Equal("running", await StateAfterAsync(trainer, $"/api/drills/runs/{id}/resume"));
        using var badSpeed = await trainer.PostAsJsonAsync($"/api/drills/runs/{id}/speed", new { speed = "-3" });
        await badSpeed.AssertProblemAsync(HttpStatusCode.BadRequest);
        using var speed = await trainer.PostAsJsonAsync($"/api/drills/runs/{id}/speed", new { speed = "60" });
        Assert.Equal("60", (await speed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("speed").GetString());
        await StateAfterAsync(trainer, $"/api/drills/runs/{id}/stop");
        await Drills.Find(id)!.Completion.WaitAsync(TimeSpan.FromMinutes(2));

        var run = JsonDocument.Parse(await trainer.GetStringAsync($"/api/drills/runs/{id}")).RootElement;
        Assert.Equal("stopped", run.GetProperty("state").GetString());
        Assert.StartsWith("【演练】", run.GetProperty("name").GetString(), StringComparison.Ordinal);
        using var again = await trainer.PostAsync($"/api/drills/runs/{id}/pause", null);
        await again.AssertProblemAsync(HttpStatusCode.Conflict);
        var results = JsonDocument.Parse(await trainer.GetStringAsync("/api/drills/results?team=蓝队")).RootElement;
        Assert.Contains(results.EnumerateArray(), r => r.GetProperty("runId").GetString() == id && r.GetProperty("status").GetString() == "stopped");
    }

    [Fact]
    public async Task Competition_TwoTeamsSameSeed_LeaderboardRankedResultsReviewedAndEvaluated()
    {
        using var trainer = await app.CreateClientForAsync(DispatchRoles.Trainer);
        using var started = await trainer.PostAsJsonAsync("/api/drills/competitions", new
        {
            name = "无锡比武",
            scenario = Fast,
            teams = new object[] { new { name = "红队" }, new { name = "黄队", offerTimeoutSeconds = 30 } },
        });
        Assert.Equal(HttpStatusCode.Created, started.StatusCode);
        var competition = await started.Content.ReadFromJsonAsync<JsonElement>();
        string id = competition.GetProperty("id").GetString()!;
        foreach (var row in competition.GetProperty("leaderboard").EnumerateArray())
        {
            await Drills.Find(row.GetProperty("runId").GetString()!)!.Completion.WaitAsync(TimeSpan.FromMinutes(2));
        }

        var board = JsonDocument.Parse(await trainer.GetStringAsync($"/api/drills/competitions/{id}")).RootElement.GetProperty("leaderboard").EnumerateArray().ToArray();
        Assert.Equal(2, board.Length);
        Assert.Equal([1, 2], board.Select(r => r.GetProperty("rank").GetInt32()));
        Assert.All(board, r => Assert.Equal("completed", r.GetProperty("state").GetString()));
        Assert.True(board[0].GetProperty("score").GetDouble() >= board[1].GetProperty("score").GetDouble());
        Assert.Equal(Drills.Find(board[0].GetProperty("runId").GetString()!)!.Seed, Drills.Find(board[1].GetProperty("runId").GetString()!)!.Seed);

        var results = JsonDocument.Parse(await trainer.GetStringAsync($"/api/drills/results?competition={id}")).RootElement.EnumerateArray().ToArray();
        Assert.Equal(2, results.Length);
        long resultId = results[0].GetProperty("id").GetInt64();
        using var bad = await trainer.PostAsJsonAsync($"/api/drills/results/{resultId}/review", new { rating = 9 });
        await bad.AssertProblemAsync(HttpStatusCode.BadRequest);
        using var review = await trainer.PostAsJsonAsync($"/api/drills/results/{resultId}/review", new { rating = 4, comment = "调度及时" });
        Assert.Equal(HttpStatusCode.OK, review.StatusCode);
        using var twice = await trainer.PostAsJsonAsync($"/api/drills/results/{resultId}/review", new { rating = 5 });
        await twice.AssertProblemAsync(HttpStatusCode.Conflict);

        var evaluation = JsonDocument.Parse(await trainer.GetStringAsync($"/api/drills/evaluation?scenario={Fast}")).RootElement.EnumerateArray().ToArray();
        var reviewed = evaluation.Single(t => t.GetProperty("team").GetString() == results[0].GetProperty("team").GetString());
        Assert.Equal(4, reviewed.GetProperty("meanReview").GetDouble());
        Assert.InRange(reviewed.GetProperty("responseRate").GetDouble(), 0.01, 1);
        Assert.True(reviewed.GetProperty("meanFillSeconds").GetDouble() > 0);

        using var report = await trainer.GetAsync($"/api/drills/runs/{board[0].GetProperty("runId").GetString()}/report");
        Assert.Equal("text/html", report.Content.Headers.ContentType?.MediaType);
        Assert.Contains("【演练】", await report.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var stream = await trainer.GetAsync($"/api/drills/runs/{board[0].GetProperty("runId").GetString()}/scoreboard/stream");
        Assert.Equal("text/event-stream", stream.Content.Headers.ContentType?.MediaType);
        Assert.Contains("event: scoreboard", await stream.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CommanderActions_RolesUnknownRunBadSeverityAndFinishedRun_Refused()
    {
        using var trainer = await app.CreateClientForAsync(DispatchRoles.Trainer);
        using var commander = await app.CreateClientForAsync(DispatchRoles.Commander);
        using var volunteer = await app.CreateClientForAsync(DispatchRoles.Volunteer);
        using var unknown = await commander.GetAsync("/api/drills/runs/run-nope/requirements");
        await unknown.AssertProblemAsync(HttpStatusCode.NotFound);
        using var forbidden = await volunteer.GetAsync("/api/drills/runs/run-nope/requirements");
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);

        using var started = await trainer.PostAsJsonAsync("/api/drills/runs", new { scenario = Fast, speed = "max", team = "绿队" });
        string id = (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        using var badSeverity = await commander.PostAsJsonAsync($"/api/drills/runs/{id}/incidents/pileup/severity", new { severity = "huge" });
        await badSeverity.AssertProblemAsync(HttpStatusCode.BadRequest);
        await Drills.Find(id)!.Completion.WaitAsync(TimeSpan.FromMinutes(2));

        using var finished = await commander.PostAsJsonAsync($"/api/drills/runs/{id}/requirements/1/escalate", new { reason = "too late" });
        await finished.AssertProblemAsync(HttpStatusCode.Conflict);
        using var read = await commander.GetAsync($"/api/drills/runs/{id}/requirements");
        await read.AssertProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task CommanderActions_PausedRun_ReadRequirementsAnswered()
    {
        using var trainer = await app.CreateClientForAsync(DispatchRoles.Trainer);
        using var commander = await app.CreateClientForAsync(DispatchRoles.Commander);
        using var started = await trainer.PostAsJsonAsync("/api/drills/runs", new { scenario = Fast, speed = "1", team = "白队" });
        string id = (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        await StateAfterAsync(trainer, $"/api/drills/runs/{id}/pause");

        using var read = await commander.GetAsync($"/api/drills/runs/{id}/requirements");

        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal(JsonValueKind.Array, (await read.Content.ReadFromJsonAsync<JsonElement>()).ValueKind);
        await StateAfterAsync(trainer, $"/api/drills/runs/{id}/stop");
        await Drills.Find(id)!.Completion.WaitAsync(TimeSpan.FromMinutes(2));
    }

    private DrillService Drills => app.Services.GetRequiredService<DrillService>();

    private static async Task<string> StateAfterAsync(HttpClient client, string path)
    {
        using var response = await client.PostAsync(path, null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("state").GetString()!;
    }
}
