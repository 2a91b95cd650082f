using System.Globalization;

namespace Dispatch.Benchmarks.Assign;

/// <summary>Running summary of the generated instances' size, printed with the results.</summary>
internal sealed class InstanceShape
{
    private int _instances;
    private long _requirements;
    private long _edges;
    private long _seats;
    private int _minRow = int.MaxValue;
    private int _maxRow;

    public double MeanSeats => (double)_seats / Math.Max(1, _instances);

    public void Add(AssignInstance instance)
    {
        _instances++;
        _requirements += instance.Requirements.Length;
        _edges += instance.Edges.Length;
        _seats += instance.TotalSeats;
        foreach (var row in instance.Edges.CountBy(e => e.RequirementIndex))
        {
            _minRow = Math.Min(_minRow, row.Value);
            _maxRow = Math.Max(_maxRow, row.Value);
        }
    }

    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"shape: requirements/instance {(double)_requirements / _instances:F1}, edges/instance {(double)_edges / _instances:F0}, candidates/requirement mean {(double)_edges / _requirements:F0} (min {_minRow}, max {_maxRow})");
}
