using System.Numerics;
using System.Runtime.InteropServices;
using Dispatch.Engine.Pool;

namespace Dispatch.Engine.Assignment;

/// <summary>
/// Validates an instance and compacts it into a <see cref="CompactProblem"/> whose buffers are reused by the next
/// call: after the first instances of a given size, a build allocates nothing.
/// </summary>
/// <remarks>
/// <para>
/// Three linear passes over the edges: validate and count rows (with each row's benefit range); scatter into rows,
/// remapping volunteer ids through a direct array stamped with a per-build generation (no clearing, no hashing) or,
/// for very sparse ids, a reused dictionary; then per row, reject duplicates with a per-row stamp and sort by
/// descending benefit with a stable LSD radix sort on <c>rowMax − benefit</c> (only as many 8-bit digits as the row's
/// benefit range needs; insertion sort for short rows). Stability keeps input order among equal benefits, the
/// same order as before.
/// </para>
/// <para>Not thread-safe. The returned <see cref="CompactProblem"/> is overwritten by the next <see cref="Load"/>.</para>
/// </remarks>
internal sealed class ProblemBuilder
{
    /// <summary>Direct lookup is used while the largest id is below edges × slack + 1024 (memory stays O(E)).</summary>
    private const int DirectLookupSlack = 16;
    private const int InsertionSortMaxLength = 32;
    private const int RadixBits = 8;
    private const int RadixBuckets = 1 << RadixBits;

    private readonly CompactProblem _problem = new();
    private AssignmentRequirement[] _requirementScratch = [];
    private CandidateEdge[] _edgeScratch = [];
    private VolunteerSlot[] _direct = [];
    private int _directGeneration;
    private Dictionary<int, int>? _sparse;
    private int[] _seenInRow = [];
    private int _rowStamp;
    private int[] _cursor = [];
    private long[] _rowMax = [];
    private long[] _rowMin = [];
    private long[] _keys = [];
    private long[] _keysScratch = [];
    private int[] _volunteersScratch = [];
    private readonly int[] _digitCounts = new int[(64 / RadixBits) * RadixBuckets];

    /// <summary>Validates and compacts the instance into the reused buffers. O(R + E).</summary>
    /// <exception cref="ArgumentNullException">A list is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">Negative seats, weight &lt; 1, an unknown requirement index, a negative volunteer id, or a benefit outside (0, <see cref="AssignmentProblem.MaxBenefit"/>].</exception>
    /// <exception cref="ArgumentException">The same (requirement, volunteer) edge appears twice.</exception>
    public CompactProblem Load(IReadOnlyList<AssignmentRequirement> requirements, IReadOnlyList<CandidateEdge> edges)
    {
        ArgumentNullException.ThrowIfNull(requirements);
        ArgumentNullException.ThrowIfNull(edges);

        var problem = _problem;
        problem.RequirementCount = problem.EdgeCount = problem.VolunteerCount = 0; // invalid until the end
        var requirementSpan = AsSpan(requirements, ref _requirementScratch);
        var edgeSpan = AsSpan(edges, ref _edgeScratch);
        int requirementCount = requirementSpan.Length;
        int edgeCount = edgeSpan.Length;

        EnsureLength(ref problem.SeatCounts, requirementCount);
        EnsureLength(ref problem.RowStart, requirementCount + 1);
        EnsureLength(ref _cursor, requirementCount);
        EnsureLength(ref _rowMax, requirementCount);
        EnsureLength(ref _rowMin, requirementCount);
        int[] seats = problem.SeatCounts;
        int[] rowStart = problem.RowStart;
        long[] rowMax = _rowMax;
        long[] rowMin = _rowMin;
        for (int r = 0; r < requirementCount; r++)
        {
            var requirement = requirementSpan[r];
            if (requirement.Seats < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(requirements), requirement.Seats, $"Requirement {r} has a negative number of seats.");
            }

            if (requirement.PriorityWeight < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(requirements), requirement.PriorityWeight, $"Requirement {r} has a priority weight below 1.");
            }

            seats[r] = requirement.Seats;
            rowStart[r + 1] = 0;
            rowMax[r] = 0;
            rowMin[r] = long.MaxValue;
        }

        // Pass 1: validate, count rows, benefit range of each row, largest id.
        rowStart[0] = 0;
        int maxVolunteer = -1;
        for (int i = 0; i < edgeCount; i++)
        {
            ref readonly var edge = ref edgeSpan[i];
            int r = edge.RequirementIndex;
            if ((uint)r >= (uint)requirementCount)
            {
                throw new ArgumentOutOfRangeException(nameof(edges), r, $"Edge {i} names requirement {r}, but there are {requirementCount}.");
            }

            long benefit = edge.Benefit;
            if (benefit is <= 0 or > AssignmentProblem.MaxBenefit)
            {
                throw new ArgumentOutOfRangeException(nameof(edges), benefit, $"Edge {i} has a benefit outside (0, {AssignmentProblem.MaxBenefit}].");
            }

            int id = edge.Volunteer.Value;
            if (id < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(edges), id, $"Edge {i} has a negative volunteer id.");
            }

            maxVolunteer = Math.Max(maxVolunteer, id);
            rowStart[r + 1]++;
            rowMax[r] = Math.Max(rowMax[r], benefit);
            rowMin[r] = Math.Min(rowMin[r], benefit);
        }

        int longestRow = 0;
        for (int r = 0; r < requirementCount; r++)
        {
            longestRow = Math.Max(longestRow, rowStart[r + 1]);
            _cursor[r] = rowStart[r];
            rowStart[r + 1] += rowStart[r];
        }

        // Pass 2: scatter into rows (input order inside a row), remap ids, key = rowMax − benefit ≥ 0.
        EnsureLength(ref problem.EdgeVolunteer, edgeCount);
        EnsureLength(ref problem.EdgeBenefit, edgeCount);
        EnsureLength(ref problem.LocalVolunteers, edgeCount);
        EnsureLength(ref _keys, edgeCount);
        int volunteerCount = maxVolunteer < ((long)edgeCount * DirectLookupSlack) + 1024
            ? ScatterDirect(edgeSpan, maxVolunteer)
            : ScatterSparse(edgeSpan);

        // Pass 3: per row, reject duplicates (input order), then sort by descending benefit.
        EnsureLength(ref _seenInRow, volunteerCount);
        EnsureLength(ref _keysScratch, longestRow);
        EnsureLength(ref _volunteersScratch, longestRow);
        for (int r = 0; r < requirementCount; r++)
        {
            int start = rowStart[r];
            int length = rowStart[r + 1] - start;
            RejectDuplicates(r, start, length);
            SortRow(start, length, rowMax[r], rowMax[r] - rowMin[r]);
        }

        problem.RequirementCount = requirementCount;
        problem.EdgeCount = edgeCount;
        problem.VolunteerCount = volunteerCount;
        return problem;
    }

    private int ScatterDirect(ReadOnlySpan<CandidateEdge> edgeSpan, int maxVolunteer)
    {
        if (_direct.Length <= maxVolunteer)
        {
            _direct = new VolunteerSlot[Math.Max(maxVolunteer + 1, Math.Min(_direct.Length * 2, Array.MaxLength))];
            _directGeneration = 0;
        }

        if (_directGeneration == int.MaxValue)
        {
            Array.Clear(_direct);
            _directGeneration = 0;
        }

        int generation = ++_directGeneration;
        VolunteerSlot[] direct = _direct;
        int[] cursor = _cursor;
        long[] rowMax = _rowMax;
        int[] edgeVolunteer = _problem.EdgeVolunteer;
        long[] keys = _keys;
        VolunteerId[] local = _problem.LocalVolunteers;
        int volunteerCount = 0;
        for (int i = 0; i < edgeSpan.Length; i++)
        {
            ref readonly var edge = ref edgeSpan[i];
            int r = edge.RequirementIndex;
            int slot = cursor[r]++;
            ref var entry = ref direct[edge.Volunteer.Value];
            if (entry.Generation != generation)
            {
                entry.Generation = generation;
                entry.Local = volunteerCount;
                local[volunteerCount++] = edge.Volunteer;
            }

            edgeVolunteer[slot] = entry.Local;
            keys[slot] = rowMax[r] - edge.Benefit;
        }

        return volunteerCount;
    }

    private int ScatterSparse(ReadOnlySpan<CandidateEdge> edgeSpan)
    {
        var sparse = _sparse ??= new Dictionary<int, int>(edgeSpan.Length);
        sparse.Clear();
        int[] cursor = _cursor;
        long[] rowMax = _rowMax;
        int[] edgeVolunteer = _problem.EdgeVolunteer;
        long[] keys = _keys;
        VolunteerId[] local = _problem.LocalVolunteers;
        int volunteerCount = 0;
        for (int i = 0; i < edgeSpan.Length; i++)
        {
            ref readonly var edge = ref edgeSpan[i];
            int r = edge.RequirementIndex;
            int slot = cursor[r]++;
            ref int index = ref CollectionsMarshal.GetValueRefOrAddDefault(sparse, edge.Volunteer.Value, out bool exists);
            if (!exists)
            {
                index = volunteerCount;
                local[volunteerCount++] = edge.Volunteer;
            }

            edgeVolunteer[slot] = index;
            keys[slot] = rowMax[r] - edge.Benefit;
        }

        return volunteerCount;
    }

    private void RejectDuplicates(int requirement, int start, int length)
    {
        if (_rowStamp == int.MaxValue)
        {
            Array.Clear(_seenInRow);
            _rowStamp = 0;
        }

        int stamp = ++_rowStamp;
        int[] seen = _seenInRow;
        var row = _problem.EdgeVolunteer.AsSpan(start, length);
        foreach (int v in row)
        {
            if (seen[v] == stamp)
            {
                throw new ArgumentException($"Volunteer {_problem.LocalVolunteers[v]} appears twice among the candidates of requirement {requirement}.", "edges");
            }

            seen[v] = stamp;
        }
    }

    /// <summary>Sorts a row by ascending key (descending benefit), stably, and writes the benefits back.</summary>
    private void SortRow(int start, int length, long rowMax, long maxKey)
    {
        var keys = _keys.AsSpan(start, length);
        var volunteers = _problem.EdgeVolunteer.AsSpan(start, length);
        if (length <= InsertionSortMaxLength)
        {
            InsertionSort(keys, volunteers);
        }
        else if (RadixSort(keys, volunteers, _keysScratch.AsSpan(0, length), _volunteersScratch.AsSpan(0, length), maxKey))
        {
            _keysScratch.AsSpan(0, length).CopyTo(keys);
            _volunteersScratch.AsSpan(0, length).CopyTo(volunteers);
        }

        var benefits = _problem.EdgeBenefit.AsSpan(start, length);
        for (int i = 0; i < keys.Length; i++)
        {
            benefits[i] = rowMax - keys[i];
        }
    }

    private static void InsertionSort(Span<long> keys, Span<int> volunteers)
    {
        for (int i = 1; i < keys.Length; i++)
        {
            long key = keys[i];
            int volunteer = volunteers[i];
            int j = i - 1;
            while (j >= 0 && keys[j] > key)
            {
                keys[j + 1] = keys[j];
                volunteers[j + 1] = volunteers[j];
                j--;
            }

            keys[j + 1] = key;
            volunteers[j + 1] = volunteer;
        }
    }

    /// <summary>
    /// Stable LSD radix sort of (key, volunteer) by key, 8 bits per pass, only over the digits below
    /// <paramref name="maxKey"/>'s highest bit, skipping digits all keys share. Returns true when the result ended in
    /// the scratch spans.
    /// </summary>
    private bool RadixSort(Span<long> keys, Span<int> volunteers, Span<long> keysScratch, Span<int> volunteersScratch, long maxKey)
    {
        int digitCount = (64 - BitOperations.LeadingZeroCount((ulong)maxKey) + RadixBits - 1) / RadixBits;
        var counts = _digitCounts.AsSpan(0, digitCount * RadixBuckets);
        counts.Clear();
        foreach (long key in keys)
        {
            ulong rest = (ulong)key;
            for (int d = 0; d < digitCount; d++)
            {
                counts[(d * RadixBuckets) + (int)(rest & (RadixBuckets - 1))]++;
                rest >>= RadixBits;
            }
        }

        bool inScratch = false;
        for (int d = 0; d < digitCount; d++)
        {
            var digitCounts = counts.Slice(d * RadixBuckets, RadixBuckets);
            int shift = d * RadixBits;
            Span<long> sourceKeys = inScratch ? keysScratch : keys;
            if (digitCounts[(int)((ulong)sourceKeys[0] >> shift) & (RadixBuckets - 1)] == keys.Length)
            {
                continue; // every key has the same digit here
            }

            Span<int> sourceVolunteers = inScratch ? volunteersScratch : volunteers;
            Span<long> targetKeys = inScratch ? keys : keysScratch;
            Span<int> targetVolunteers = inScratch ? volunteers : volunteersScratch;
            int sum = 0;
            for (int b = 0; b < RadixBuckets; b++)
            {
                int count = digitCounts[b];
                digitCounts[b] = sum;
                sum += count;
            }

            for (int i = 0; i < sourceKeys.Length; i++)
            {
                long key = sourceKeys[i];
                int position = digitCounts[(int)((ulong)key >> shift) & (RadixBuckets - 1)]++;
                targetKeys[position] = key;
                targetVolunteers[position] = sourceVolunteers[i];
            }

            inScratch = !inScratch;
        }

        return inScratch;
    }

    private static ReadOnlySpan<T> AsSpan<T>(IReadOnlyList<T> list, ref T[] scratch)
    {
        switch (list)
        {
            case T[] array:
                return array;
            case List<T> asList:
                return CollectionsMarshal.AsSpan(asList);
            default:
                int count = list.Count;
                EnsureLength(ref scratch, count);
                for (int i = 0; i < count; i++)
                {
                    scratch[i] = list[i];
                }

                return scratch.AsSpan(0, count);
        }
    }

    private static void EnsureLength<T>(ref T[] array, int length)
    {
        if (array.Length < length)
        {
            array = new T[Math.Max(length, (int)Math.Min(array.Length * 2L, Array.MaxLength))];
        }
    }

    private struct VolunteerSlot
    {
        public int Generation;
        public int Local;
    }
}
