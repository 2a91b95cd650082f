using Dispatch.Board.Components;
using Dispatch.Board.Live;
using Dispatch.Board.Ports;
using Dispatch.Board.Text;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.JSInterop;
using MudBlazor;

namespace Dispatch.Board.Pages;

/// <summary>
/// The command board (指挥调度台): loads a snapshot, then follows the change stream, re-reading only what a coalesced
/// batch touched. Commands go through <see cref="IBoardCommands"/> (the host's use cases); the page decides nothing.
/// </summary>
public sealed partial class CommandBoard
{
    /// <summary>How often the committed volunteers' positions are re-read (position reports are not change-feed events).</summary>
    public static readonly TimeSpan PositionRefresh = TimeSpan.FromSeconds(5);

    private readonly CancellationTokenSource _stop = new();
    private readonly CancellationToken _token;
    private BoardSubscription? _subscription;
    private ITimer? _clock;
    private DateTimeOffset _lastPositions;
    private int _tab;

    public CommandBoard() => _token = _stop.Token;

    [Inject] private IBoardQueries Queries { get; set; } = default!;

    [Inject] private IBoardCommands Commands { get; set; } = default!;

    [Inject] private IBoardChangeStream Changes { get; set; } = default!;

    [Inject] private TimeProvider Time { get; set; } = default!;

    [Inject] private NavigationManager Navigation { get; set; } = default!;

    [Inject] private IDialogService Dialogs { get; set; } = default!;

    [Inject] private ISnackbar Snackbar { get; set; } = default!;

    [Inject] private IJSRuntime JS { get; set; } = default!;

    [CascadingParameter] private Task<AuthenticationState>? AuthenticationState { get; set; }

    [SupplyParameterFromQuery(Name = "lang")] public string? LangCode { get; set; }

    private Lang L => LangCode == "en" ? Lang.English : Lang.Chinese;

    private BoardUser? User { get; set; }

    private bool Live { get; set; }

    private DateTimeOffset Now { get; set; }

    private IReadOnlyList<IncidentSummary> Queue { get; set; } = [];

    private IReadOnlyList<VolunteerMarker> Committed { get; set; } = [];

    private IReadOnlyList<PlanChoice> Plans { get; set; } = [];

    private long? SelectedId { get; set; }

    private IncidentDetail? Detail { get; set; }

    private PoolOverview? Pool { get; set; }

    protected override async Task OnInitializedAsync()
    {
        var state = AuthenticationState is null ? null : await AuthenticationState;
        var principal = state?.User;
        if (principal?.Identity?.IsAuthenticated != true || !(principal.IsInRole(BoardRoles.Commander) || principal.IsInRole(BoardRoles.Trainer)))
        {
            Navigation.NavigateTo($"/login?returnUrl={Uri.EscapeDataString("/board" + (LangCode == "en" ? "?lang=en" : ""))}", forceLoad: true);
            return;
        }

        User = new BoardUser(principal.Identity.Name ?? "", principal.IsInRole(BoardRoles.Commander), L.IsEnglish);
        Now = Time.GetUtcNow();

        // Subscribe before reading the snapshot: a change committed in between is applied twice (harmless), never missed.
        _subscription = Changes.Subscribe();
        Plans = await Queries.GetPlansAsync(_token);
        await ReloadAsync(ChangeBatchAll, _token);
        Live = true;
        _ = ChangeCoalescer.RunAsync(_subscription, ChangeCoalescer.DefaultWindow, Time, ApplyAsync, _token);
        _clock = Time.CreateTimer(_ => _ = InvokeAsync(TickAsync), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
    }

    private static ChangeBatch ChangeBatchAll => new() { Reload = true };

    /// <summary>Applies a coalesced batch on the circuit's dispatcher, so reads and renders never overlap the page's own.</summary>
    private Task ApplyAsync(ChangeBatch batch) => InvokeAsync(async () =>
    {
        try
        {
            await ReloadAsync(batch, _token);
            foreach (var alert in batch.Alerts)
            {
                Snackbar.Add(AlertText(alert), alert.Kind == "escalation.applied" ? MudBlazor.Severity.Info : MudBlazor.Severity.Warning);
            }

            StateHasChanged();
        }
        catch (OperationCanceledException) when (_token.IsCancellationRequested)
        {
            // The page is closing.
        }
    });

    /// <summary>Re-reads what the batch touched: the queue always (one query), the open detail and the positions when concerned.</summary>
    private async Task ReloadAsync(ChangeBatch batch, CancellationToken cancellationToken)
    {
        Queue = await Queries.GetQueueAsync(cancellationToken);
        if (SelectedId is { } id && batch.Concerns(id))
        {
            Detail = await Queries.GetIncidentAsync(id, cancellationToken);
        }

        if (batch.Reload || batch.TouchesVolunteers)
        {
            await RefreshPositionsAsync(cancellationToken);
        }

        if (Pool is not null && (batch.Reload || batch.TouchesVolunteers))
        {
            Pool = await Queries.GetPoolOverviewAsync(cancellationToken);
        }
    }

    private string AlertText(BoardChange alert)
    {
        var incident = Queue.FirstOrDefault(i => i.Id == alert.IncidentId);
        string name = incident is null ? $"#{alert.IncidentId}" : $"#{incident.Id} {(incident.IsDrill ? "【演练】" : "")}{L.T(incident.TypeZh, incident.TypeEn)}";
        return $"{name} · {L.Kind(alert.Kind)}: {alert.Reason}";
    }

    private async Task RefreshPositionsAsync(CancellationToken cancellationToken)
    {
        Committed = await Queries.GetCommittedAsync(User!, cancellationToken);
        _lastPositions = Time.GetUtcNow();
    }

    private async Task TickAsync()
    {
        Now = Time.GetUtcNow();
        if (Now - _lastPositions >= PositionRefresh && !_token.IsCancellationRequested)
        {
            try
            {
                await RefreshPositionsAsync(_token);
            }
            catch (OperationCanceledException) when (_token.IsCancellationRequested)
            {
                return;
            }
        }

        StateHasChanged();
    }

    private async Task SelectAsync(long id)
    {
        SelectedId = id;
        Detail = await Queries.GetIncidentAsync(id, _token);
    }

    private async Task TabChangedAsync(int tab)
    {
        _tab = tab;
        if (tab == 1)
        {
            Pool = await Queries.GetPoolOverviewAsync(_token);
        }
    }

    private Task MapClickedAsync((double Latitude, double Longitude) at) =>
        User?.IsCommander == true ? CreateIncidentAsync(at.Latitude, at.Longitude) : Task.CompletedTask;

    private async Task CreateIncidentAsync(double latitude, double longitude)
    {
        var parameters = new DialogParameters<CreateIncidentDialog>
        {
            { d => d.L, L },
            { d => d.Plans, Plans },
            { d => d.Latitude, latitude },
            { d => d.Longitude, longitude },
            { d => d.DefaultAuthority, L.T("江苏省应急志愿服务指挥部", "Jiangsu emergency volunteer command") },
        };
        var dialog = await Dialogs.ShowAsync<CreateIncidentDialog>(
            L.T("新建突发事件", "New incident"), parameters, new DialogOptions { MaxWidth = MaxWidth.Medium, FullWidth = true });
        var result = await dialog.Result;
        if (result is not { Canceled: false, Data: NewIncident incident })
        {
            return;
        }

        var outcome = await Commands.CreateIncidentAsync(User!, incident, _token);
        Snackbar.Add(outcome.Message, outcome.Succeeded ? MudBlazor.Severity.Success : MudBlazor.Severity.Error);
        if (outcome is { Succeeded: true, Id: { } id })
        {
            Queue = await Queries.GetQueueAsync(_token);
            await SelectAsync(id);
        }
    }

    private void SwitchLanguage() =>
        Navigation.NavigateTo(L.IsEnglish ? "/board" : "/board?lang=en", forceLoad: true);

    private async Task LogoutAsync() => await JS.InvokeVoidAsync("dispatchBoard.logout");

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _subscription?.Dispose();
        if (_clock is not null)
        {
            await _clock.DisposeAsync();
        }

        _stop.Dispose();
    }
}

/// <summary>The role names the board admits (the host's role claims).</summary>
public static class BoardRoles
{
    public const string Commander = "commander";
    public const string Trainer = "trainer";
}
