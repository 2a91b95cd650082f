namespace Dispatch.Engine.Drills;

/// <summary>
/// The drill runner's to-do list on the virtual clock: items ordered by due time, then by the order they were added,
/// so two runs that add the same items in the same order take them out in the same order (determinism).
/// </summary>
/// <remarks>Not thread-safe (one runner owns it). Add and take are O(log n).</remarks>
public sealed class DrillAgenda<T>
{
    private readonly PriorityQueue<T, (DateTimeOffset Due, long Sequence)> _queue = new();
    private long _sequence;

    public int Count => _queue.Count;

    /// <summary>Adds <paramref name="item"/> due at <paramref name="due"/>; ties keep insertion order.</summary>
    public void Add(DateTimeOffset due, T item) => _queue.Enqueue(item, (due, _sequence++));

    /// <summary>The earliest due time, or null when empty.</summary>
    public DateTimeOffset? NextDue => _queue.TryPeek(out _, out var priority) ? priority.Due : null;

    /// <summary>Takes the earliest item if it is due at or before <paramref name="now"/>.</summary>
    public bool TryTakeDue(DateTimeOffset now, out T item)
    {
        if (_queue.TryPeek(out item!, out var priority) && priority.Due <= now)
        {
            _queue.Dequeue();
            return true;
        }

        item = default!;
        return false;
    }
}
