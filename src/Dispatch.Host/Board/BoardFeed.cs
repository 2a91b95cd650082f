using System.Collections.Immutable;
using Dispatch.Board.Ports;
using Dispatch.Host.Realtime;
using Dispatch.Host.Records;

namespace Dispatch.Host.Board;

/// <summary>
/// Fans the committed change feed out to the board circuits. Each circuit has its own bounded queue; publishing never
/// waits (a circuit that falls 5,000 changes behind drops the oldest and reloads its snapshot), so a slow browser never
/// holds up the feed, the hubs or the timers. Privacy disclosures are not board news and are left out.
/// </summary>
internal sealed class BoardFeed : IChangeFeedListener, IBoardChangeStream
{
    public const int Capacity = 5_000;

    private readonly Lock _gate = new();
    private ImmutableArray<BoardSubscription> _subscriptions = [];

    public int SubscriberCount => _subscriptions.Length;

    public BoardSubscription Subscribe()
    {
        var subscription = new BoardSubscription(Capacity, Remove);
        lock (_gate)
        {
            _subscriptions = _subscriptions.Add(subscription);
        }

        return subscription;
    }

    public Task OnEventsAsync(IReadOnlyList<AuditEvent> events, CancellationToken cancellationToken)
    {
        var subscribers = _subscriptions;
        if (subscribers.IsEmpty)
        {
            return Task.CompletedTask;
        }

        foreach (var e in events)
        {
            if (e.Kind.StartsWith("privacy.", StringComparison.Ordinal))
            {
                continue;
            }

            var change = new BoardChange(e.Id, e.Kind, e.Incident?.Value, e.Volunteer?.Value, e.At, e.Reason);
            foreach (var s in subscribers)
            {
                s.Publish(change);
            }
        }

        return Task.CompletedTask;
    }

    private void Remove(BoardSubscription subscription)
    {
        lock (_gate)
        {
            _subscriptions = _subscriptions.Remove(subscription);
        }
    }
}
