using Dispatch.Board.Pages;
using Dispatch.Board.Ports;
using Dispatch.Engine.PrePlans;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace Dispatch.Board.Tests;

/// <summary>The command board page over fake ports: snapshot first, then coalesced changes; a burst never means a read per change.</summary>
public sealed class CommandBoardLiveTests : IAsyncLifetime
{
    private readonly BunitContext _context = new();
    private readonly FakeQueries _queries = new();
    private readonly FakeStream _stream = new();

    public CommandBoardLiveTests()
    {
        _context.JSInterop.Mode = JSRuntimeMode.Loose;
        _context.JSInterop.SetupModule("./_content/Dispatch.Board/js/board-map.js").Mode = JSRuntimeMode.Loose;
        _context.Services.AddMudServices();
        _context.Services.AddSingleton(TimeProvider.System);
        _context.Services.AddSingleton<IBoardQueries>(_queries);
        _context.Services.AddSingleton<IBoardCommands>(new RefusingCommands());
        _context.Services.AddSingleton<IBoardChangeStream>(_stream);
        var auth = _context.AddAuthorization();
        auth.SetAuthorized("commander");
        auth.SetRoles(BoardRoles.Commander);
        _context.Renderer.SetRendererInfo(new RendererInfo("Server", isInteractive: true));
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _context.DisposeAsync();

    [Fact]
    public void Open_LoadsTheSnapshotAndGoesLive()
    {
        var cut = _context.Render<CommandBoard>();

        cut.WaitForAssertion(() => Assert.Equal("实时", cut.Find("[data-testid=live-state]").TextContent.Trim()));
        Assert.Single(cut.FindAll("[data-testid=queue-item]"));
        Assert.Equal(1, _queries.QueueReads);
    }

    [Fact]
    public void BurstOfThousandChanges_RereadsTheQueueOnceOrTwiceAndShowsTheLatest()
    {
        var cut = _context.Render<CommandBoard>();
        cut.WaitForAssertion(() => Assert.Equal(1, _queries.QueueReads));

        _queries.Incidents = [Build.Incident(1), Build.Incident(2, Severity.Critical)];
        for (int i = 1; i <= 1_000; i++)
        {
            _stream.Subscription!.Publish(new BoardChange(i, "offer.created", 1 + (i % 2), i, DateTimeOffset.UtcNow, ""));
        }

        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-testid=queue-item]").Count));
        Assert.InRange(_queries.QueueReads, 2, 3);
        Assert.Equal("2", cut.Find("[data-testid=queue-item]").GetAttribute("data-incident"));
    }

    [Fact]
    public void ShortfallRecorded_AlertsTheCommander()
    {
        var cut = _context.Render<CommandBoard>();
        cut.WaitForAssertion(() => Assert.Equal(1, _queries.QueueReads));

        _stream.Subscription!.Publish(new BoardChange(7, "shortfall.recorded", 1, null, DateTimeOffset.UtcNow, "半径内无持证医疗志愿者"));

        cut.WaitForAssertion(() => Assert.Contains("#1 洪涝 · 缺口: 半径内无持证医疗志愿者", cut.Markup, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Close_UnsubscribesFromTheStream()
    {
        var cut = _context.Render<CommandBoard>();
        cut.WaitForAssertion(() => Assert.NotNull(_stream.Subscription));

        await cut.Instance.DisposeAsync();

        Assert.True(_stream.Disposed);
    }

    private sealed class FakeStream : IBoardChangeStream
    {
        public BoardSubscription? Subscription { get; private set; }

        public bool Disposed { get; private set; }

        public BoardSubscription Subscribe() => Subscription = new BoardSubscription(5_000, _ => Disposed = true);
    }

    private sealed class FakeQueries : IBoardQueries
    {
        private int _queueReads;

        public IReadOnlyList<IncidentSummary> Incidents { get; set; } = [Build.Incident(1)];

        public int QueueReads => Volatile.Read(ref _queueReads);

        public string BasemapGeoJson => """{"type":"FeatureCollection","features":[]}""";

        public string? TileUrl => null;

        public Task<IReadOnlyList<IncidentSummary>> GetQueueAsync(CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _queueReads);
            return Task.FromResult(Incidents);
        }

        public Task<IncidentDetail?> GetIncidentAsync(long incidentId, CancellationToken cancellationToken = default) => Task.FromResult<IncidentDetail?>(null);

        public Task<IReadOnlyList<PlanChoice>> GetPlansAsync(CancellationToken cancellationToken = default) =>
            Task.FromResult<IReadOnlyList<PlanChoice>>([new PlanChoice("flood", "洪涝", "Flood", true, [Severity.Moderate])]);

        public Task<PlanPreview> PreviewAsync(string typeKey, Severity severity, double latitude, double longitude, CancellationToken cancellationToken = default) =>
            Task.FromResult(new PlanPreview(typeKey, severity, false, 20_000, 120, [], "南京"));

        public Task<PoolOverview> GetPoolOverviewAsync(CancellationToken cancellationToken = default) =>
            Task.FromResult(new PoolOverview(0, 0, 0, 0, 0, 30, []));

        public Task<IReadOnlyList<DensityCell>> GetDensityAsync(double south, double west, double north, double east, int zoom, CancellationToken cancellationToken = default) =>
            Task.FromResult<IReadOnlyList<DensityCell>>([]);

        public Task<IReadOnlyList<VolunteerMarker>> GetCommittedAsync(BoardUser viewer, CancellationToken cancellationToken = default) =>
            Task.FromResult<IReadOnlyList<VolunteerMarker>>([]);

        public Task<VolunteerRecord?> GetVolunteerRecordAsync(int volunteerId, CancellationToken cancellationToken = default) => Task.FromResult<VolunteerRecord?>(null);
    }

    private sealed class RefusingCommands : IBoardCommands
    {
        private static Task<CommandOutcome> No() => Task.FromResult(CommandOutcome.Refused("test"));

        public Task<CommandOutcome> CreateIncidentAsync(BoardUser user, NewIncident incident, CancellationToken cancellationToken = default) => No();

        public Task<CommandOutcome> ManualPickAsync(BoardUser user, long requirementId, int volunteerId, string reason, string? forceReason, CancellationToken cancellationToken = default) => No();

        public Task<CommandOutcome> WithdrawOfferAsync(BoardUser user, long offerId, string reason, CancellationToken cancellationToken = default) => No();

        public Task<CommandOutcome> ReleaseAsync(BoardUser user, long assignmentId, string leader, CancellationToken cancellationToken = default) => No();

        public Task<CommandOutcome> ReviewAsync(BoardUser user, long assignmentId, int rating, string? comment, CancellationToken cancellationToken = default) => No();

        public Task<CommandOutcome> EscalateAsync(BoardUser user, long requirementId, string reason, CancellationToken cancellationToken = default) => No();

        public Task<CommandOutcome> ChangeSeverityAsync(BoardUser user, long incidentId, Severity severity, string reason, CancellationToken cancellationToken = default) => No();

        public Task<CommandOutcome> EndIncidentAsync(BoardUser user, long incidentId, bool cancel, string reason, CancellationToken cancellationToken = default) => No();

        public Task<CommandOutcome> RevealPhoneAsync(BoardUser user, int volunteerId, string reason, CancellationToken cancellationToken = default) => No();
    }
}
