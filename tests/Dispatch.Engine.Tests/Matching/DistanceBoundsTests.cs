using Dispatch.Engine.Geo;
using Dispatch.Engine.Matching;
using FsCheck.Xunit;

namespace Dispatch.Engine.Tests.Matching;

/// <summary>The cell-pruning bounds never exceed the true (haversine) distance.</summary>
public sealed class DistanceBoundsTests
{
    // A hair for rounding: the bound and the distance are computed by different formulas.
    private const double Slack = 1e-6;

    /// <summary>
    /// Rectangles and points within 180° of longitude of each other, so the direct longitude difference is the short
    /// way round (see the antimeridian test for the other case). Edges may reach the poles and ±180° like edge cells.
    /// </summary>
    [Property(MaxTest = 300)]
    public bool ToRectangle_RandomPointsInside_AtMostTheirDistance(int seed)
    {
        var r = new Random(seed);
        var (south, north, west, east) = RandomRectangle(r);
        double lat = Lerp(r, -90, 90);
        double lon = Lerp(r, Math.Max(-180, east - 180), Math.Min(180, west + 180));
        double bound = DistanceBounds.ToRectangle(lat, lon, Math.Cos(lat * Math.PI / 180), south, north, west, east);
        for (int i = 0; i < 40; i++)
        {
            double pLat = Lerp(r, south, north);
            double pLon = Lerp(r, west, east);
            if (bound > Haversine.DistanceMeters(lat, lon, pLat, pLon) + Slack)
            {
                return false;
            }
        }

        // Also the corners and the nearest point of the rectangle, where a bound is tightest.
        double nearLat = Math.Clamp(lat, south, north), nearLon = Math.Clamp(lon, west, east);
        return bound <= Haversine.DistanceMeters(lat, lon, nearLat, nearLon) + Slack
            && bound <= Haversine.DistanceMeters(lat, lon, south, west) + Slack
            && bound <= Haversine.DistanceMeters(lat, lon, north, east) + Slack;
    }

    [Property(MaxTest = 300)]
    public bool ToOutside_RandomPointsOutside_AtMostTheirDistance(int seed)
    {
        var r = new Random(seed);
        var (south, north, west, east) = RandomRectangle(r);
        double lat = Lerp(r, south, north);
        double lon = Lerp(r, west, east);
        double bound = DistanceBounds.ToOutside(lat, lon, Math.Cos(lat * Math.PI / 180), south, north, west, east);
        for (int i = 0; i < 200; i++)
        {
            // Outside points near the rectangle test the bound hardest.
            double pLat = Math.Clamp(Lerp(r, south - 5, north + 5), -90, 90);
            double pLon = Math.Clamp(Lerp(r, west - 5, east + 5), -180, 180);
            bool inside = pLat >= south && pLat <= north && pLon >= west && pLon <= east;
            if (!inside && bound > Haversine.DistanceMeters(lat, lon, pLat, pLon) + Slack)
            {
                return false;
            }
        }

        return true;
    }

    [Fact]
    public void ToRectangle_PointInside_Zero() =>
        Assert.Equal(0, DistanceBounds.ToRectangle(32, 118, Math.Cos(32 * Math.PI / 180), 31, 33, 117, 119));

    [Fact]
    public void ToOutside_PointOutside_Zero() =>
        Assert.Equal(0, DistanceBounds.ToOutside(35, 118, Math.Cos(35 * Math.PI / 180), 31, 33, 117, 119));

    [Fact]
    public void ToOutside_WholeWorld_Infinite() =>
        Assert.Equal(double.PositiveInfinity, DistanceBounds.ToOutside(32, 118, Math.Cos(32 * Math.PI / 180), -90, 90, -180, 180));

    [Fact]
    public void ToRectangle_DueNorthOfRectangle_IsTheMeridianArc()
    {
        double bound = DistanceBounds.ToRectangle(33, 118, Math.Cos(33 * Math.PI / 180), 31, 32, 117, 119);

        Assert.Equal(Haversine.DistanceMeters(33, 118, 32, 118), bound, 1e-6);
    }

    // Found by these tests: longitudes are compared without wrapping, so a point just east of 180° sees the western
    // edge cell [-180, …] as ~64° away although its western end is 0.1° away across the antimeridian.
    [Fact]
    public void ToRectangle_AcrossAntimeridian_AtMostTheDistance()
    {
        var grid = GridSpec.Jiangsu;
        double lat = 32.01, lon = 179.9;
        int row = grid.Row(lat);
        double bound = DistanceBounds.ToRectangle(lat, lon, Math.Cos(lat * Math.PI / 180),
            grid.RowSouth(row), grid.RowNorth(row), grid.ColumnWest(0), grid.ColumnEast(0));

        Assert.True(bound <= Haversine.DistanceMeters(lat, lon, lat, -179.9), $"bound {bound:F0} m");
    }

    private static (double South, double North, double West, double East) RandomRectangle(Random r)
    {
        double a = Lerp(r, -90, 90), b = Lerp(r, -90, 90);
        double c = Lerp(r, -180, 180), d = Lerp(r, -180, 180);
        double south = Math.Min(a, b), north = Math.Max(a, b), west = Math.Min(c, d), east = Math.Max(c, d);
        if (r.Next(4) == 0)
        {
            // A small cell such as the index uses, sometimes stretched to the edge of the world like an edge cell.
            south = Lerp(r, -80, 80);
            north = south + Lerp(r, 0.001, 0.5);
            west = Lerp(r, -170, 170);
            east = west + Lerp(r, 0.001, 0.5);
            if (r.Next(3) == 0)
            {
                south = -90;
            }

            if (r.Next(3) == 0)
            {
                east = 180;
            }
        }

        return (south, north, west, east);
    }

    private static double Lerp(Random r, double from, double to) => from + (r.NextDouble() * (to - from));
}
