using Dispatch.Board.Ports;
using Dispatch.Engine.PrePlans;

namespace Dispatch.Board.Live;

/// <summary>The order of the incident queue and when an unfilled requirement becomes an alert.</summary>
public static class QueueOrder
{
    /// <summary>How long a requirement may stay unfilled before the queue raises an alert.</summary>
    public static readonly TimeSpan DefaultAlertAfter = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Priority first: severity (critical first), then incidents with an unfilled requirement before filled ones, then
    /// the oldest first; live incidents before drills of the same rank. Stable for equal keys (by id).
    /// </summary>
    public static IReadOnlyList<IncidentSummary> Sort(IEnumerable<IncidentSummary> incidents) =>
        [.. incidents
            .OrderByDescending(i => i.Severity.PriorityWeight())
            .ThenBy(i => i.Filled >= i.Seats)
            .ThenBy(i => i.IsDrill)
            .ThenBy(i => i.CreatedAt)
            .ThenBy(i => i.Id)];

    /// <summary>True when the incident has an unfilled requirement and is older than <paramref name="alertAfter"/>.</summary>
    public static bool IsAlert(IncidentSummary incident, DateTimeOffset now, TimeSpan alertAfter)
    {
        ArgumentNullException.ThrowIfNull(incident);
        return incident.Requirements.Any(r => !r.IsFull) && now - incident.CreatedAt >= alertAfter;
    }
}
