using System.Globalization;
using Dispatch.Board.Ports;
using Dispatch.Board.Text;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.JSInterop;
using MudBlazor;

namespace Dispatch.Board.Pages;

/// <summary>
/// The trainer console (训练员控制台, 【演练】): scenarios, runs with pause/resume/stop/speed and a live scoreboard,
/// competitions with a leaderboard, results with the trainer's review, and the team evaluation (which commanders may
/// also read). Each unfinished run's scoreboard stream only pokes the page; pokes within <see cref="Window"/> are
/// coalesced into one re-read of the runs and one render, so a drill at max speed (hundreds of updates a second) costs
/// a few renders. A slow tick re-reads runs started or changed elsewhere (the API). The page decides nothing.
/// </summary>
public sealed partial class TrainerConsole
{
    /// <summary>Scoreboard updates within this window become one re-read and render.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromMilliseconds(250);

    /// <summary>How often runs and competitions are re-read without a poke (runs started or paused through the API).</summary>
    public static readonly TimeSpan Tick = TimeSpan.FromSeconds(2);

    /// <summary>Finished runs (and competitions) kept on screen; all of them are in the results.</summary>
    public const int FinishedShown = 10;

    private readonly CancellationTokenSource _stop = new();
    private readonly CancellationToken _token;
    private readonly HashSet<string> _watched = new(StringComparer.Ordinal);
    private readonly HashSet<string> _finished = new(StringComparer.Ordinal);
    private int _flushPending;
    private ITimer? _tick;
    private string _team = "训练组";
    private string? _seed;
    private string _speed = "max";
    private string _cmpName = "";
    private string _cmpScenario = "";
    private string? _cmpSeed;
    private string _cmpSpeed = "max";
    private string _cmpTeams = "";

    public TrainerConsole() => _token = _stop.Token;

    [Inject] private IDrillConsole Console { get; set; } = default!;

    [Inject] private TimeProvider Time { get; set; } = default!;

    [Inject] private NavigationManager Navigation { get; set; } = default!;

    [Inject] private ISnackbar Snackbar { get; set; } = default!;

    [Inject] private IJSRuntime JS { get; set; } = default!;

    [CascadingParameter] private Task<AuthenticationState>? AuthenticationState { get; set; }

    [SupplyParameterFromQuery(Name = "lang")] public string? LangCode { get; set; }

    private Lang L => LangCode == "en" ? Lang.English : Lang.Chinese;

    private DrillConsoleUser? User { get; set; }

    private DateTimeOffset Now { get; set; }

    private IReadOnlyList<DrillScenarioView> Scenarios { get; set; } = [];

    private IReadOnlyList<DrillRunView> Runs { get; set; } = [];

    private IReadOnlyList<DrillRunView> SingleRuns { get; set; } = [];

    private IReadOnlyList<DrillCompetitionView> Competitions { get; set; } = [];

    private IReadOnlyList<DrillResultView> Results { get; set; } = [];

    private IReadOnlyList<TeamEvaluationView> Evaluation { get; set; } = [];

    private string RoleText => User?.Role switch
    {
        DrillConsoleUser.Trainer => L.T("训练员", "trainer"),
        DrillConsoleUser.Admin => L.T("管理员", "admin"),
        _ => L.T("指挥员·只读", "commander · read only"),
    };

    protected override async Task OnInitializedAsync()
    {
        var principal = AuthenticationState is null ? null : (await AuthenticationState).User;
        string? role = principal?.Identity?.IsAuthenticated != true ? null
            : new[] { DrillConsoleUser.Trainer, DrillConsoleUser.Admin, DrillConsoleUser.Commander }.FirstOrDefault(principal.IsInRole);
        if (role is null)
        {
            Navigation.NavigateTo($"/login?returnUrl={Uri.EscapeDataString("/trainer" + (LangCode == "en" ? "?lang=en" : ""))}", forceLoad: true);
            return;
        }

        User = new DrillConsoleUser(principal!.Identity!.Name ?? "", role, L.IsEnglish);
        Now = Time.GetUtcNow();
        if (User.CanRun)
        {
            Scenarios = await Console.GetScenariosAsync(_token);
            _cmpScenario = Scenarios.FirstOrDefault(s => s.CanRun)?.Id ?? "";
            ReadRuns();
        }

        await ReadResultsAsync();
        _tick = Time.CreateTimer(_ => _ = InvokeAsync(TickAsync), null, Tick, Tick);
    }

    /// <summary>Re-reads runs and competitions (in memory) and watches every unfinished run not yet watched.</summary>
    private void ReadRuns()
    {
        Runs = Console.GetRuns();
        // Newest first: every unfinished run, and the latest finished ones (older ones live on in the results tab).
        var single = Runs.Where(r => r.CompetitionId is null).Reverse().ToList();
        SingleRuns = [.. single.Where(r => !r.IsFinished), .. single.Where(r => r.IsFinished).Take(FinishedShown)];
        Competitions = [.. Console.GetCompetitions().TakeLast(FinishedShown)];
        foreach (var run in Runs.Where(r => !r.IsFinished && _watched.Add(r.Id)))
        {
            _ = WatchAsync(run.Id);
        }
    }

    private async Task ReadResultsAsync()
    {
        if (User!.CanRun)
        {
            Results = await Console.GetResultsAsync(_token);
        }

        Evaluation = await Console.GetEvaluationAsync(_token);
    }

    /// <summary>Every scoreboard update pokes; the end of the stream (the run finished) pokes once more.</summary>
    private async Task WatchAsync(string runId)
    {
        try
        {
            await foreach (var _ in Console.WatchAsync(runId, _token))
            {
                Poke();
            }

            Poke();
        }
        catch (OperationCanceledException) when (_token.IsCancellationRequested)
        {
            // The page is closing.
        }
    }

    private void Poke()
    {
        if (Interlocked.CompareExchange(ref _flushPending, 1, 0) == 0)
        {
            _ = FlushAsync();
        }
    }

    /// <summary>After <see cref="Window"/>, one re-read and render for every poke that arrived meanwhile.</summary>
    private async Task FlushAsync()
    {
        try
        {
            await Task.Delay(Window, Time, _token);
            Volatile.Write(ref _flushPending, 0);
            await InvokeAsync(RefreshAsync);
        }
        catch (OperationCanceledException) when (_token.IsCancellationRequested)
        {
            // The page is closing.
        }
        catch (ObjectDisposedException) when (_token.IsCancellationRequested)
        {
            // The circuit went away between the delay and the render.
        }
    }

    private async Task RefreshAsync()
    {
        if (User is null || _token.IsCancellationRequested)
        {
            return;
        }

        Now = Time.GetUtcNow();
        if (User.CanRun)
        {
            ReadRuns();
        }

        // A run that has just finished has kept its result: re-read results and the evaluation once.
        if (Runs.Any(r => r.IsFinished && _finished.Add(r.Id)))
        {
            await ReadResultsAsync();
        }

        StateHasChanged();
    }

    private async Task TickAsync()
    {
        try
        {
            await RefreshAsync();
        }
        catch (OperationCanceledException) when (_token.IsCancellationRequested)
        {
            // The page is closing.
        }
    }

    private async Task StartAsync(DrillScenarioView scenario)
    {
        if (!TryParseSpeed(_speed, out var speed) || !TryParseSeed(_seed, out var seed))
        {
            return;
        }

        Show(Console.Start(User!, new DrillStart(scenario.Id, speed, seed, _team ?? "")));
        await RefreshAsync();
    }

    private async Task StartCompetitionAsync()
    {
        if (!TryParseSpeed(_cmpSpeed, out var speed) || !TryParseSeed(_cmpSeed, out var seed) || !TryParseTeams(_cmpTeams, out var teams))
        {
            return;
        }

        Show(Console.StartCompetition(User!, new DrillCompetitionStart(_cmpName ?? "", _cmpScenario, speed, seed, teams)));
        await RefreshAsync();
    }

    private Task PauseAsync(string runId) => ControlAsync(Console.Pause(User!, runId));

    private Task ResumeAsync(string runId) => ControlAsync(Console.Resume(User!, runId));

    private Task StopAsync(string runId) => ControlAsync(Console.Stop(User!, runId));

    private Task SpeedAsync((string RunId, double? Speed) change) => ControlAsync(Console.SetSpeed(User!, change.RunId, change.Speed));

    private async Task ControlAsync(DrillConsoleOutcome outcome)
    {
        Show(outcome);
        await RefreshAsync();
    }

    private async Task ReviewAsync((long ResultId, int Rating, string? Comment) review)
    {
        var outcome = await Console.ReviewAsync(User!, review.ResultId, review.Rating, review.Comment, _token);
        Show(outcome);
        await ReadResultsAsync();
    }

    private void Show(DrillConsoleOutcome outcome) =>
        Snackbar.Add(outcome.Message, outcome.Succeeded ? MudBlazor.Severity.Success : MudBlazor.Severity.Error);

    private bool TryParseSpeed(string? text, out double? speed)
    {
        speed = null;
        string value = (text ?? "").Trim();
        if (value.Length == 0 || value.Equals("max", StringComparison.OrdinalIgnoreCase) || value == "最快")
        {
            return true;
        }

        value = value.TrimEnd('x', 'X', '×');

        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double n) && double.IsFinite(n) && n > 0)
        {
            speed = n;
            return true;
        }

        Snackbar.Add(L.T("速度为 max 或正数倍数 N。", "Speed is 'max' or a positive multiple N."), MudBlazor.Severity.Error);
        return false;
    }

    private bool TryParseSeed(string? text, out ulong? seed)
    {
        seed = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }

        if (ulong.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out ulong n))
        {
            seed = n;
            return true;
        }

        Snackbar.Add(L.T("随机种子为非负整数。", "A seed is a non-negative integer."), MudBlazor.Severity.Error);
        return false;
    }

    /// <summary>One team per line: <c>name</c> or <c>name | offer timeout s | radius km</c>.</summary>
    private bool TryParseTeams(string? text, out IReadOnlyList<DrillTeamStart> teams)
    {
        var parsed = new List<DrillTeamStart>();
        foreach (var line in (text ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = line.Split('|', StringSplitOptions.TrimEntries);
            double? timeout = null, radius = null;
            bool ok = parts.Length <= 3
                && (parts.Length < 2 || parts[1].Length == 0 || Parse(parts[1], out timeout))
                && (parts.Length < 3 || parts[2].Length == 0 || Parse(parts[2], out radius));
            if (!ok)
            {
                Snackbar.Add(L.T($"无法读取队伍“{line}”：写作 队名 | 邀请时限秒 | 搜索半径km。", $"Cannot read team \"{line}\": write name | offer timeout s | radius km."), MudBlazor.Severity.Error);
                teams = [];
                return false;
            }

            parsed.Add(new DrillTeamStart(parts[0], timeout, radius));
        }

        teams = parsed;
        return true;

        static bool Parse(string text, out double? value)
        {
            bool ok = double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double n) && double.IsFinite(n);
            value = ok ? n : null;
            return ok;
        }
    }

    private void SwitchLanguage() =>
        Navigation.NavigateTo(L.IsEnglish ? "/trainer" : "/trainer?lang=en", forceLoad: true);

    private async Task LogoutAsync() => await JS.InvokeVoidAsync("dispatchBoard.logout");

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_tick is not null)
        {
            await _tick.DisposeAsync();
        }

        _stop.Dispose();
    }
}
