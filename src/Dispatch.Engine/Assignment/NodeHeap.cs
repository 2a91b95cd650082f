namespace Dispatch.Engine.Assignment;

/// <summary>
/// A binary min-heap of (key, node) structs with lazy deletion (stale entries are skipped by the caller). Equal keys
/// pop in ascending node order, which makes the shortest-path search deterministic. Not thread-safe.
/// </summary>
internal sealed class NodeHeap
{
    private Entry[] _entries = new Entry[256];
    private int _count;

    public void Clear() => _count = 0;

    public void Push(long key, int node)
    {
        if (_count == _entries.Length)
        {
            Array.Resize(ref _entries, _count * 2);
        }

        var entry = new Entry(key, node);
        int i = _count++;
        while (i > 0)
        {
            int parent = (i - 1) >> 1;
            if (!entry.Precedes(_entries[parent]))
            {
                break;
            }

            _entries[i] = _entries[parent];
            i = parent;
        }

        _entries[i] = entry;
    }

    public bool TryPop(out long key, out int node)
    {
        if (_count == 0)
        {
            key = 0;
            node = -1;
            return false;
        }

        var top = _entries[0];
        key = top.Key;
        node = top.Node;
        var last = _entries[--_count];
        int i = 0;
        int half = _count >> 1;
        while (i < half)
        {
            int child = (2 * i) + 1;
            if (child + 1 < _count && _entries[child + 1].Precedes(_entries[child]))
            {
                child++;
            }

            if (!_entries[child].Precedes(last))
            {
                break;
            }

            _entries[i] = _entries[child];
            i = child;
        }

        if (_count > 0)
        {
            _entries[i] = last;
        }

        return true;
    }

    private readonly record struct Entry(long Key, int Node)
    {
        public bool Precedes(Entry other) => Key < other.Key || (Key == other.Key && Node < other.Node);
    }
}
