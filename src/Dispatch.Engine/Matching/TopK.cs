namespace Dispatch.Engine.Matching;

/// <summary>
/// The best k candidates seen so far, as a binary heap with the worst at the root (ranking order of
/// <see cref="RankedCandidate.Compare"/>). Not thread-safe; reusable after <see cref="Reset"/>.
/// </summary>
internal sealed class TopK
{
    private RankedCandidate[] _heap;

    public TopK(int capacity) => _heap = new RankedCandidate[Math.Max(1, capacity)];

    public int Capacity { get; private set; }

    public int Count { get; private set; }

    public bool IsFull => Count == Capacity;

    /// <summary>The worst kept total; meaningful only when <see cref="IsFull"/>.</summary>
    public double Threshold => _heap[0].Score.Total;

    public void Reset(int capacity)
    {
        if (_heap.Length < capacity)
        {
            _heap = new RankedCandidate[capacity];
        }

        Capacity = capacity;
        Count = 0;
    }

    public void Offer(in RankedCandidate c)
    {
        if (Count < Capacity)
        {
            int i = Count++;
            _heap[i] = c;
            SiftUp(i);
        }
        else if (RankedCandidate.Compare(c, _heap[0]) < 0)
        {
            _heap[0] = c;
            SiftDown(0);
        }
    }

    /// <summary>
    /// Copies the kept candidates, best first, and returns how many. Sorting breaks the heap order: call
    /// <see cref="Reset"/> before offering again.
    /// </summary>
    public int CopySorted(Span<RankedCandidate> destination)
    {
        var span = _heap.AsSpan(0, Count);
        span.Sort(static (a, b) => RankedCandidate.Compare(a, b));
        span.CopyTo(destination);
        return Count;
    }

    // "Worse" ranks later: the root is the worst kept.
    private static bool Worse(in RankedCandidate a, in RankedCandidate b) => RankedCandidate.Compare(a, b) > 0;

    private void SiftUp(int i)
    {
        var item = _heap[i];
        while (i > 0)
        {
            int parent = (i - 1) >> 1;
            if (!Worse(item, _heap[parent]))
            {
                break;
            }

            _heap[i] = _heap[parent];
            i = parent;
        }

        _heap[i] = item;
    }

    private void SiftDown(int i)
    {
        var item = _heap[i];
        int n = Count;
        while (true)
        {
            int child = (2 * i) + 1;
            if (child >= n)
            {
                break;
            }

            if (child + 1 < n && Worse(_heap[child + 1], _heap[child]))
            {
                child++;
            }

            if (!Worse(_heap[child], item))
            {
                break;
            }

            _heap[i] = _heap[child];
            i = child;
        }

        _heap[i] = item;
    }
}
