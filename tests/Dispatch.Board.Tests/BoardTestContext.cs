using Dispatch.Board.Ports;
using Dispatch.Board.Text;
using Dispatch.Engine.PrePlans;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using MudBlazor.Services;

namespace Dispatch.Board.Tests;

/// <summary>
/// A bunit context with MudBlazor's services and a fake clock. Test classes own one and dispose it asynchronously
/// (bunit 2 + MudBlazor 9: MudBlazor's KeyInterceptorService is only IAsyncDisposable, so a synchronous dispose throws).
/// </summary>
public abstract class BoardComponentTests : IAsyncLifetime
{
    public static readonly DateTimeOffset Start = new(2026, 6, 1, 2, 0, 0, TimeSpan.Zero);

    protected BoardComponentTests()
    {
        Context.JSInterop.Mode = JSRuntimeMode.Loose;
        Context.Services.AddMudServices();
        Context.Services.AddSingleton<TimeProvider>(Time);
    }

    protected BunitContext Context { get; } = new();

    protected FakeTimeProvider Time { get; } = new(Start);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await Context.DisposeAsync();

    /// <summary>Renders <typeparamref name="T"/> inside a cascading <see cref="Lang"/>.</summary>
    protected IRenderedComponent<T> RenderIn<T>(Lang lang, Action<ComponentParameterCollectionBuilder<T>> parameters)
        where T : Microsoft.AspNetCore.Components.IComponent
    {
        var host = Context.Render<Microsoft.AspNetCore.Components.CascadingValue<Lang>>(p => p
            .Add(c => c.Value, lang)
            .AddChildContent<T>(parameters));
        return host.FindComponent<T>();
    }
}

/// <summary>Builders of board read models for tests.</summary>
public static class Build
{
    public static RequirementView Requirement(long id = 1, int seats = 4, int filled = 0, int pending = 0, string? shortfall = null, bool exhausted = false) =>
        new(id, "medical", "医疗", "Medical", 2, 2, seats, filled, pending, 10_000, 0, shortfall, exhausted);

    public static IncidentSummary Incident(
        long id, Severity severity = Severity.Moderate, DateTimeOffset? createdAt = null, bool drill = false, params RequirementView[] requirements) =>
        new(id, "flood", "洪涝", "Flood", severity, 32.06, 118.80, "南京市应急志愿服务指挥部", "集合点", createdAt ?? BoardComponentTests.Start, "commander:commander", drill,
            requirements.Length == 0 ? [Requirement(id * 10)] : requirements);

    public static CandidateView Candidate(int rank, int volunteer, double total, double fairness = 0.5, double reliability = 0.5, string? offerState = null, bool chosen = false) =>
        new(rank, volunteer, 2, new ScoreView(total, 0.6, 0.5, fairness, reliability, 2_345, 420), chosen, offerState, "138****5678");
}
