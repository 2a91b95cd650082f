using Dispatch.Board.Components;
using Dispatch.Board.Live;
using Dispatch.Board.Ports;
using Dispatch.Board.Text;
using Dispatch.Engine.PrePlans;

namespace Dispatch.Board.Tests;

public sealed class IncidentQueueTests : BoardComponentTests
{
    private IRenderedComponent<IncidentQueue> RenderQueue(IReadOnlyList<IncidentSummary> incidents, DateTimeOffset now, Action<long>? onSelect = null) =>
        RenderIn<IncidentQueue>(Lang.Chinese, p => p
            .Add(c => c.Incidents, incidents)
            .Add(c => c.Now, now)
            .Add(c => c.OnSelect, id => onSelect?.Invoke(id)));

    private static long[] Order(IRenderedComponent<IncidentQueue> cut) =>
        [.. cut.FindAll("[data-testid=queue-item]").Select(e => long.Parse(e.GetAttribute("data-incident")!, System.Globalization.CultureInfo.InvariantCulture))];

    [Fact]
    public void Render_MixedIncidents_OrdersBySeverityThenUnfilledThenAge()
    {
        var incidents = new[]
        {
            Build.Incident(1, Severity.Minor, Start.AddMinutes(-30)),
            Build.Incident(2, Severity.Critical, Start.AddMinutes(-1)),
            Build.Incident(3, Severity.Major, Start.AddMinutes(-20), requirements: Build.Requirement(30, seats: 2, filled: 2)),
            Build.Incident(4, Severity.Major, Start.AddMinutes(-5)),
            Build.Incident(5, Severity.Major, Start.AddMinutes(-10)),
        };

        var cut = RenderQueue(incidents, Start);

        Assert.Equal([2L, 5, 4, 3, 1], Order(cut));
    }

    [Fact]
    public void Render_UnfilledPastAlertTime_RaisesAlertOnlyThere()
    {
        var incidents = new[]
        {
            Build.Incident(1, createdAt: Start - QueueOrder.DefaultAlertAfter - TimeSpan.FromSeconds(1)),
            Build.Incident(2, createdAt: Start - TimeSpan.FromMinutes(1)),
            Build.Incident(3, createdAt: Start - TimeSpan.FromHours(1), requirements: Build.Requirement(30, seats: 1, filled: 1)),
        };

        var cut = RenderQueue(incidents, Start);

        var alerted = cut.FindAll("[data-testid=queue-item].alert").Select(e => e.GetAttribute("data-incident")).ToList();
        Assert.Equal(["1"], alerted);
        Assert.Single(cut.FindAll("[data-testid=unfilled-alert]"));
    }

    [Fact]
    public void Render_Age_IsShownFromNow()
    {
        var cut = RenderQueue([Build.Incident(1, createdAt: Start.AddMinutes(-12))], Start);

        Assert.Equal("12 分钟", cut.Find("[data-testid=queue-age]").TextContent);
    }

    [Fact]
    public void Render_DrillIncident_IsWatermarked()
    {
        var cut = RenderQueue([Build.Incident(1, drill: true), Build.Incident(2)], Start);

        Assert.Equal("【演练】", cut.Find("[data-incident='1'] [data-testid=drill-mark]").TextContent);
        Assert.Empty(cut.FindAll("[data-incident='2'] [data-testid=drill-mark]"));
    }

    [Fact]
    public void Click_Item_SelectsThatIncident()
    {
        long selected = 0;
        var cut = RenderQueue([Build.Incident(7), Build.Incident(8)], Start, id => selected = id);

        cut.Find("[data-incident='8']").Click();

        Assert.Equal(8, selected);
    }

    [Fact]
    public void Render_NoIncidents_SaysSo()
    {
        var cut = RenderQueue([], Start);

        Assert.NotNull(cut.Find("[data-testid=queue-empty]"));
    }

    [Fact]
    public void Render_NewIncidentsArrive_ReordersWithoutLosingFillBars()
    {
        var cut = RenderQueue([Build.Incident(1, Severity.Minor)], Start);

        cut.Render(p => p.Add(c => c.Incidents, [Build.Incident(1, Severity.Minor), Build.Incident(2, Severity.Critical, requirements: [Build.Requirement(20, 3, 1), Build.Requirement(21, 2, 0)])]));

        Assert.Equal([2L, 1], Order(cut));
        Assert.Equal(["1/3", "0/2"], cut.FindAll("[data-incident='2'] [data-testid=fill-count]").Select(e => e.TextContent));
    }
}
