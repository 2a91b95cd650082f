using Dispatch.Engine.Pool;

namespace Dispatch.Engine.Assignment;

/// <summary>
/// Maps volunteer ids to dense local indices in order of first appearance. Uses a direct lookup array when the ids
/// are dense enough (the usual case: pool indices), a dictionary otherwise. Not thread-safe; construction-time only.
/// </summary>
internal sealed class VolunteerIndexer
{
    private const int DirectLookupSlack = 16;

    private readonly int[]? _direct;
    private readonly Dictionary<int, int>? _sparse;
    private readonly List<VolunteerId> _volunteers;

    public VolunteerIndexer(int maxId, int expectedEdges)
    {
        _volunteers = new List<VolunteerId>(Math.Min(expectedEdges, 1 << 16));
        if (maxId < (long)expectedEdges * DirectLookupSlack + 1024)
        {
            // Entries hold local index + 1 so that the zeroed array means "not seen yet".
            _direct = new int[maxId + 1];
        }
        else
        {
            _sparse = new Dictionary<int, int>(expectedEdges);
        }
    }

    public int IndexOf(VolunteerId volunteer)
    {
        if (_direct is not null)
        {
            ref int slot = ref _direct[volunteer.Value];
            if (slot == 0)
            {
                _volunteers.Add(volunteer);
                slot = _volunteers.Count;
            }

            return slot - 1;
        }

        if (!_sparse!.TryGetValue(volunteer.Value, out int index))
        {
            index = _volunteers.Count;
            _sparse.Add(volunteer.Value, index);
            _volunteers.Add(volunteer);
        }

        return index;
    }

    public VolunteerId[] ToArray() => [.. _volunteers];
}
