using Dispatch.Engine.Drills;
using Dispatch.Engine.Pool;
using Dispatch.Host.Cli;
using Dispatch.Host.Drills;
using Dispatch.Host.Tests.PrePlans;

namespace Dispatch.Host.Tests.Drills;

/// <summary>
/// Every file in <c>drills/</c> runs through the real lifecycle at max speed and scores inside the band it declares;
/// one drill run twice gives the same report byte for byte (apart from the generation time).
/// </summary>
public sealed class DrillRunnerTests
{
    private static DrillScenario Load(string file) =>
        DrillScenarioLoader.LoadFile(Path.Combine(ShippedDrills.Folder(), file), SkillCatalog.Default, ShippedPrePlans.Book);

    [Theory]
    [MemberData(nameof(ShippedDrills.Files), MemberType = typeof(ShippedDrills))]
    public async Task RunAsync_ShippedScenario_ScoresInsideItsDeclaredBand(string file)
    {
        var scenario = Load(file);

        var result = await DrillRunner.RunAsync(scenario, ShippedDrills.Folder(), ShippedPrePlans.Book);

        Assert.Equal(DrillRunStatus.Completed, result.Status);
        Assert.True(scenario.Band.Contains(result.Score.Score),
            $"{file}: score {result.Score.Score:F2} is outside the declared band {scenario.Band}. {DrillCommands.Summary(result)}");
        Assert.True(result.OffersSent > 0, "the drill sent offers through the lifecycle");
        Assert.All(result.Score.Requirements, r => Assert.False(r.ShortfallUnexplained, $"{r.IncidentId} {r.Skill} is short without a recorded reason"));
    }

    [Fact]
    public async Task RunAsync_SameFileTwice_SameScoreAndByteIdenticalReport()
    {
        const string File = "wuxi-expressway-pileup.yaml";
        var scenario = Load(File);
        var generated = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

        var first = await DrillRunner.RunAsync(scenario, ShippedDrills.Folder(), ShippedPrePlans.Book);
        var second = await DrillRunner.RunAsync(scenario, ShippedDrills.Folder(), ShippedPrePlans.Book);

        Assert.Equal(first.Score.Score, second.Score.Score);
        Assert.Equal(first.Log.Events, second.Log.Events);
        Assert.Equal(WithoutGenerationTime(DrillReport.Html(first, ShippedPrePlans.Book, generated)),
            WithoutGenerationTime(DrillReport.Html(second, ShippedPrePlans.Book, generated.AddHours(5))));
        using var a = new TempFolder();
        using var b = new TempFolder();
        var filesA = DrillReport.Write(first, ShippedPrePlans.Book, a.Path, generated);
        var filesB = DrillReport.Write(second, ShippedPrePlans.Book, b.Path, generated.AddDays(1));
        foreach (var (x, y) in filesA.Zip(filesB))
        {
            Assert.Equal(WithoutGenerationTime(System.IO.File.ReadAllText(x)), WithoutGenerationTime(System.IO.File.ReadAllText(y)));
        }
    }

    [Fact]
    public async Task RunAsync_AnotherSeed_DifferentAnswersSameScenario()
    {
        var scenario = Load("wuxi-expressway-pileup.yaml");

        var original = await DrillRunner.RunAsync(scenario, ShippedDrills.Folder(), ShippedPrePlans.Book);
        var reseeded = await DrillRunner.RunAsync(scenario, ShippedDrills.Folder(), ShippedPrePlans.Book, new DrillRunOptions { Seed = 7 });

        Assert.Equal(7UL, reseeded.Scenario.Seed);
        Assert.NotEqual(original.Log.Events, reseeded.Log.Events);
    }

    [Fact]
    public async Task RunAsync_StopRequestedBeforeStart_StopsAtOnceAndScoresWhatRan()
    {
        var scenario = Load("wuxi-expressway-pileup.yaml");
        var control = new DrillControl();
        control.Stop();

        var result = await DrillRunner.RunAsync(scenario, ShippedDrills.Folder(), ShippedPrePlans.Book, control: control);

        Assert.Equal(DrillRunStatus.Stopped, result.Status);
        Assert.Equal(0, result.OffersSent);
    }

    [Fact]
    public async Task RunAsync_Report_MarksTheDrillAndHoldsPlotsWithoutExternalResources()
    {
        var result = await DrillRunner.RunAsync(Load("changzhou-chemical-fire.yaml"), ShippedDrills.Folder(), ShippedPrePlans.Book);

        string html = DrillReport.Html(result, ShippedPrePlans.Book, DateTimeOffset.UnixEpoch);

        Assert.Contains("【演练】", html, StringComparison.Ordinal);
        Assert.Contains("<svg", html, StringComparison.Ordinal);
        Assert.DoesNotContain("src=\"http", html, StringComparison.Ordinal);
        Assert.DoesNotContain("href=\"http", html, StringComparison.Ordinal);
        Assert.Contains("inject.connectivity_loss", html, StringComparison.Ordinal);
        Assert.Matches(@"^SUMMARY drill name=changzhou_chemical_fire seats=\d+ filled=\d+ fill_p90_s=\d+ score=\d+\.\d\d$", DrillCommands.Summary(result));
    }

    [Fact]
    public async Task RunAsync_CommanderCommandsBetweenSteps_RunThroughTheUseCasesAndShowInTheTimeline()
    {
        var scenario = Load("wuxi-expressway-pileup.yaml");
        var control = new DrillControl();
        Task<object>? read = null;
        Task<object>? escalate = null;
        Task<object>? severity = null;
        Task<object>? unknown = null;

        var result = await DrillRunner.RunAsync(scenario, ShippedDrills.Folder(), ShippedPrePlans.Book, control: control, progress: offset =>
        {
            if (read is null)
            {
                // After the first step (the first incident at 00:00): the commands run before the next step.
                read = control.PostAsync(new DrillCommand.ReadRequirements("commander:c1"));
                escalate = control.PostAsync(new DrillCommand.Escalate(1, "现场要求扩大搜索", "commander:c1"));
                var first = scenario.Incidents.First();
                var other = first.Severity == Engine.PrePlans.Severity.Critical ? Engine.PrePlans.Severity.Major : Engine.PrePlans.Severity.Critical;
                severity = control.PostAsync(new DrillCommand.ChangeSeverity(first.ScenarioId, other, "伤亡情况变化", "commander:c1"));
                unknown = control.PostAsync(new DrillCommand.ChangeSeverity("no_such_incident", Engine.PrePlans.Severity.Minor, "", "commander:c1"));
            }
        });

        var requirements = Assert.IsAssignableFrom<IReadOnlyList<DrillRequirementState>>(await read!);
        Assert.NotEmpty(requirements);
        Assert.Contains(requirements, r => r.Id == 1);
        Assert.Equal("Escalated", Assert.IsType<DrillCommandOutcome>(await escalate!).Status);
        Assert.Equal("Done", Assert.IsType<DrillCommandOutcome>(await severity!).Status);
        await Assert.ThrowsAsync<KeyNotFoundException>(() => unknown!);
        Assert.Contains(result.Timeline, t => t.Kind == "command.escalate");
        Assert.Contains(result.Timeline, t => t.Kind == "command.severity_change");
        await Assert.ThrowsAsync<DrillFinishedException>(() => control.PostAsync(new DrillCommand.ReadRequirements("commander:c1")));
    }

    [Fact]
    public async Task RunAsync_KeptRecord_EveryIncidentIsADrillAndEveryOfferCarriesTheMark()
    {
        var result = await DrillRunner.RunAsync(Load("wuxi-expressway-pileup.yaml"), ShippedDrills.Folder(), ShippedPrePlans.Book,
            new DrillRunOptions { KeepRecord = true });
        string folder = result.KeptRecordFolder!;
        try
        {
            var factory = new DrillRecordFactory(folder);
            using var store = new Dispatch.Host.Records.RecordStore(factory);
            var incidents = await store.ReadAsync(r => r.GetIncidentsAsync(Engine.Dispatching.IncidentState.Open, 100));
            Assert.NotEmpty(incidents);
            foreach (var incident in incidents)
            {
                Assert.True(incident.IsDrill);
                Assert.StartsWith("【演练】", incident.Notes, StringComparison.Ordinal);
                var offers = await store.ReadAsync(r => r.GetOffersForIncidentAsync(incident.Id));
                Assert.NotEmpty(offers);
                Assert.All(offers, o => Assert.StartsWith("【演练】", o.MeetingPoint, StringComparison.Ordinal));
                Assert.All(offers, o => Assert.Contains("【演练】", o.RiskStatement, StringComparison.Ordinal));
            }

            var audit = await store.ReadAsync(r => r.GetAuditForIncidentAsync(incidents[0].Id));
            Assert.All(audit, e => Assert.True(e.Actor.StartsWith("drill-", StringComparison.Ordinal) || e.Actor.StartsWith("system:", StringComparison.Ordinal), e.Actor));
            factory.ClearPool();
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static string WithoutGenerationTime(string text) =>
        string.Join('\n', text.Split('\n').Where(line => !line.Contains(DrillReport.GeneratedMarker, StringComparison.Ordinal)));

    private sealed class TempFolder : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("drill-report-").FullName;

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
