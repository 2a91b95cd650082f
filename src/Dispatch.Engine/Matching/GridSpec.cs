using Dispatch.Engine.Geo;

namespace Dispatch.Engine.Matching;

/// <summary>
/// A regular latitude/longitude grid. Points outside are clamped into the edge cells, whose extents are treated as
/// reaching the poles and the antimeridian, so distance bounds stay valid for any WGS84 point.
/// </summary>
public sealed record GridSpec
{
    public GridSpec(double minLatitude, double minLongitude, double cellLatitudeDegrees, double cellLongitudeDegrees, int rows, int columns)
    {
        if (!GeoPoint.IsValid(minLatitude, minLongitude))
        {
            throw new ArgumentOutOfRangeException(nameof(minLatitude), "The grid origin must be a valid WGS84 point.");
        }

        if (!(cellLatitudeDegrees > 0) || !(cellLongitudeDegrees > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(cellLatitudeDegrees), "Cell sizes must be positive.");
        }

        if (rows < 1 || columns < 1 || (long)rows * columns > 16_000_000)
        {
            throw new ArgumentOutOfRangeException(nameof(rows), "The grid needs 1 to 16 million cells.");
        }

        MinLatitude = minLatitude;
        MinLongitude = minLongitude;
        CellLatitude = cellLatitudeDegrees;
        CellLongitude = cellLongitudeDegrees;
        Rows = rows;
        Columns = columns;
    }

    /// <summary>
    /// Jiangsu and its borders (30.5–35.51 N, 116.0–122.225 E) in cells of 0.03° × 0.0375° (about 3.3 × 3.5 km). The size
    /// was chosen by measurement at 23 million volunteers (docs/benchmarks.md): smaller cells cost rural queries more
    /// cell visits, larger ones cost urban queries more people per cell.
    /// </summary>
    public static GridSpec Jiangsu { get; } = new(30.5, 116.0, 0.03, 0.0375, rows: 167, columns: 166);

    public double MinLatitude { get; }
    public double MinLongitude { get; }
    public double CellLatitude { get; }
    public double CellLongitude { get; }
    public int Rows { get; }
    public int Columns { get; }
    public int CellCount => Rows * Columns;

    public int Row(double latitude) => Math.Clamp((int)Math.Floor((latitude - MinLatitude) / CellLatitude), 0, Rows - 1);

    public int Column(double longitude) => Math.Clamp((int)Math.Floor((longitude - MinLongitude) / CellLongitude), 0, Columns - 1);

    public int Cell(double latitude, double longitude) => (Row(latitude) * Columns) + Column(longitude);

    /// <summary>Southern edge of a row band; row 0 reaches the south pole.</summary>
    public double RowSouth(int row) => row <= 0 ? -90 : MinLatitude + (row * CellLatitude);

    /// <summary>Northern edge of a row band; the last row reaches the north pole.</summary>
    public double RowNorth(int row) => row >= Rows - 1 ? 90 : MinLatitude + ((row + 1) * CellLatitude);

    public double ColumnWest(int column) => column <= 0 ? -180 : MinLongitude + (column * CellLongitude);

    public double ColumnEast(int column) => column >= Columns - 1 ? 180 : MinLongitude + ((column + 1) * CellLongitude);
}
