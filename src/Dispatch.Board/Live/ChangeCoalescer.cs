using Dispatch.Board.Ports;

namespace Dispatch.Board.Live;

/// <summary>What a coalesced batch of changes touched: the page re-reads only that, once per batch.</summary>
public sealed class ChangeBatch
{
    /// <summary>The most alerts one batch carries (a burst must not bury the commander in notifications).</summary>
    public const int MaxAlerts = 5;

    private static readonly string[] AlertKinds = ["shortfall.recorded", "escalation.applied", "escalation.exhausted"];

    private readonly HashSet<long> _incidents = [];
    private readonly List<BoardChange> _alerts = [];

    /// <summary>How many changes the batch holds.</summary>
    public int Count { get; private set; }

    /// <summary>True when changes were lost to overflow: re-read the whole snapshot.</summary>
    public bool Reload { get; init; }

    public IReadOnlySet<long> Incidents => _incidents;

    /// <summary>Shortfalls and escalations in the batch, newest last, at most <see cref="MaxAlerts"/>: the commander is told.</summary>
    public IReadOnlyList<BoardChange> Alerts => _alerts;

    /// <summary>The id of the newest change in the batch (0 for none).</summary>
    public long LastEventId { get; private set; }

    /// <summary>True when some change concerns volunteers' commitments (the map's committed layer).</summary>
    public bool TouchesVolunteers { get; private set; }

    public void Add(BoardChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        Count++;
        LastEventId = Math.Max(LastEventId, change.EventId);
        if (change.IncidentId is { } id)
        {
            _incidents.Add(id);
        }

        TouchesVolunteers |= change.VolunteerId is not null;
        if (Array.IndexOf(AlertKinds, change.Kind) >= 0)
        {
            if (_alerts.Count == MaxAlerts)
            {
                _alerts.RemoveAt(0);
            }

            _alerts.Add(change);
        }
    }

    public bool Concerns(long incidentId) => Reload || _incidents.Contains(incidentId);
}

/// <summary>
/// Turns a change stream into at most one page update per <c>window</c>: after the first change arrives it waits the
/// window, drains everything that came meanwhile and applies it as one batch. A burst of 1,000 changes becomes one or
/// two re-reads and renders, so the page never freezes; a quiet stream costs nothing.
/// </summary>
public static class ChangeCoalescer
{
    /// <summary>The default window: short enough to feel live, long enough to absorb a burst.</summary>
    public static readonly TimeSpan DefaultWindow = TimeSpan.FromMilliseconds(150);

    /// <summary>Runs until the subscription completes or <paramref name="cancellationToken"/> is cancelled.</summary>
    public static async Task RunAsync(
        BoardSubscription subscription, TimeSpan window, TimeProvider time, Func<ChangeBatch, Task> apply, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(apply);
        var reader = subscription.Reader;
        try
        {
            while (await reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                if (window > TimeSpan.Zero)
                {
                    await Task.Delay(window, time, cancellationToken).ConfigureAwait(false);
                }

                var batch = new ChangeBatch { Reload = subscription.TakeOverflow() };
                while (reader.TryRead(out var change))
                {
                    batch.Add(change);
                }

                if (batch.Count > 0 || batch.Reload)
                {
                    await apply(batch).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The circuit went away.
        }
    }
}
