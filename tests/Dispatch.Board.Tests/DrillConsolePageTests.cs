using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Dispatch.Board.Pages;
using Dispatch.Board.Ports;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace Dispatch.Board.Tests;

/// <summary>The trainer console page over a fake port: scoreboard bursts are coalesced, a finished run brings its result.</summary>
public sealed class DrillConsolePageTests : IAsyncLifetime
{
    private readonly BunitContext _context = new();
    private readonly FakeDrillConsole _console = new();

    public DrillConsolePageTests()
    {
        _context.JSInterop.Mode = JSRuntimeMode.Loose;
        _context.Services.AddMudServices();
        _context.Services.AddSingleton(TimeProvider.System);
        _context.Services.AddSingleton<IDrillConsole>(_console);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _context.DisposeAsync();

    [Fact]
    public void BurstOfScoreboardUpdates_RereadsRunsAFewTimesAndShowsTheLatest()
    {
        SignIn(DrillConsoleUser.Trainer);
        var cut = _context.Render<TrainerConsole>();
        cut.WaitForAssertion(() => Assert.Equal("72.50", cut.Find("[data-testid=run-score]").TextContent));
        int before = _console.RunReads;

        _console.Runs = [DrillBuild.Run(board: DrillBuild.Board(score: 88.25, filled: 39))];
        for (int i = 0; i < 1_000; i++)
        {
            _console.Updates.Writer.TryWrite(DrillBuild.Board(score: i / 10.0));
        }

        cut.WaitForAssertion(() => Assert.Equal("88.25", cut.Find("[data-testid=run-score]").TextContent));
        Assert.InRange(_console.RunReads - before, 1, 4);
    }

    [Fact]
    public void RunFinishes_ResultAndEvaluationAreReadAgain()
    {
        SignIn(DrillConsoleUser.Trainer);
        var cut = _context.Render<TrainerConsole>();
        cut.WaitForAssertion(() => Assert.Equal(1, _console.ResultReads));

        _console.Runs = [DrillBuild.Run(state: DrillRunState.Completed, finalScore: 100)];
        _console.Updates.Writer.TryComplete();

        cut.WaitForAssertion(() => Assert.Equal("completed", cut.Find("[data-testid=drill-run]").GetAttribute("data-state")));
        cut.WaitForAssertion(() => Assert.Equal(2, _console.ResultReads));
        Assert.Equal(2, _console.EvaluationReads);
        Assert.NotNull(cut.Find("[data-testid=run-report]"));
    }

    [Fact]
    public void Commander_SeesTheEvaluationOnly()
    {
        SignIn(DrillConsoleUser.Commander);
        var cut = _context.Render<TrainerConsole>();

        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid=team-evaluation]")));
        Assert.Empty(cut.FindAll("[data-testid=scenario-start]"));
        Assert.Empty(cut.FindAll("[data-testid=drill-run]"));
        Assert.Equal(0, _console.RunReads);
        Assert.Equal(0, _console.ResultReads);
    }

    private void SignIn(string role)
    {
        var auth = _context.AddAuthorization();
        auth.SetAuthorized(role);
        auth.SetRoles(role);
        _context.Renderer.SetRendererInfo(new RendererInfo("Server", isInteractive: true));
    }

    private sealed class FakeDrillConsole : IDrillConsole
    {
        private int _runReads;

        public Channel<DrillScoreboardView> Updates { get; } = Channel.CreateUnbounded<DrillScoreboardView>();

        public IReadOnlyList<DrillRunView> Runs { get; set; } = [DrillBuild.Run()];

        public int RunReads => Volatile.Read(ref _runReads);

        public int ResultReads { get; private set; }

        public int EvaluationReads { get; private set; }

        public Task<IReadOnlyList<DrillScenarioView>> GetScenariosAsync(CancellationToken cancellationToken = default) =>
            Task.FromResult<IReadOnlyList<DrillScenarioView>>([]);

        public IReadOnlyList<DrillRunView> GetRuns()
        {
            Interlocked.Increment(ref _runReads);
            return Runs;
        }

        public IReadOnlyList<DrillCompetitionView> GetCompetitions() => [];

        public async IAsyncEnumerable<DrillScoreboardView> WatchAsync(string runId, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            await foreach (var board in Updates.Reader.ReadAllAsync(cancellationToken))
            {
                yield return board;
            }
        }

        public DrillConsoleOutcome Start(DrillConsoleUser user, DrillStart start) => DrillConsoleOutcome.Refused("no");

        public DrillConsoleOutcome StartCompetition(DrillConsoleUser user, DrillCompetitionStart start) => DrillConsoleOutcome.Refused("no");

        public DrillConsoleOutcome Pause(DrillConsoleUser user, string runId) => DrillConsoleOutcome.Refused("no");

        public DrillConsoleOutcome Resume(DrillConsoleUser user, string runId) => DrillConsoleOutcome.Refused("no");

        public DrillConsoleOutcome Stop(DrillConsoleUser user, string runId) => DrillConsoleOutcome.Refused("no");

        public DrillConsoleOutcome SetSpeed(DrillConsoleUser user, string runId, double? speed) => DrillConsoleOutcome.Refused("no");

        public Task<IReadOnlyList<DrillResultView>> GetResultsAsync(CancellationToken cancellationToken = default)
        {
            ResultReads++;
            return Task.FromResult<IReadOnlyList<DrillResultView>>([]);
        }

        public Task<DrillConsoleOutcome> ReviewAsync(DrillConsoleUser user, long resultId, int rating, string? comment, CancellationToken cancellationToken = default) =>
            Task.FromResult(DrillConsoleOutcome.Refused("no"));

        public Task<IReadOnlyList<TeamEvaluationView>> GetEvaluationAsync(CancellationToken cancellationToken = default)
        {
            EvaluationReads++;
            return Task.FromResult<IReadOnlyList<TeamEvaluationView>>([]);
        }
    }
}
