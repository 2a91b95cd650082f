using Dispatch.Engine.Geo;

namespace Dispatch.Engine.Matching;

/// <summary>
/// Lower bounds of the haversine distance from a point to a latitude/longitude rectangle, used to prune cells.
/// A point beyond a parallel is at least the meridian arc away; a point beyond a meridian is at least the distance
/// to that meridian's great circle (R·asin(cos φ · sin Δλ)). Both are exact lower bounds on the sphere.
/// </summary>
internal static class DistanceBounds
{
    private const double DegToRad = Math.PI / 180.0;
    private const double R = Haversine.EarthRadiusMeters;

    public static double LatitudeGap(double degrees) => degrees * DegToRad * R;

    public static double LongitudeGap(double cosLatitude, double degrees)
    {
        if (degrees >= 90)
        {
            // Beyond a quarter turn the meridian-plane argument no longer holds; zero is always a valid bound.
            return 0;
        }

        return R * Math.Asin(Math.Min(1.0, cosLatitude * Math.Sin(degrees * DegToRad)));
    }

    /// <summary>Lower bound in metres from (lat, lon) to any point of the rectangle; longitudes wrap at ±180°.</summary>
    public static double ToRectangle(double lat, double lon, double cosLat, double south, double north, double west, double east)
    {
        double dLat = lat < south ? south - lat : lat > north ? lat - north : 0;
        double dLon = DegreesToBand(lon, west, east);
        double a = dLat > 0 ? LatitudeGap(dLat) : 0;
        double b = dLon > 0 ? LongitudeGap(cosLat, dLon) : 0;
        return Math.Max(a, b);
    }

    /// <summary>Degrees of longitude from <paramref name="lon"/> to the band [west, east], the short way round (0 inside).</summary>
    public static double DegreesToBand(double lon, double west, double east) =>
        lon >= west && lon <= east ? 0 : Math.Min(Wrap(west - lon), Wrap(lon - east));

    /// <summary>Degrees eastward from 0 to 360, so a gap across the antimeridian is measured the short way round.</summary>
    private static double Wrap(double degrees)
    {
        double d = degrees % 360;
        return d < 0 ? d + 360 : d;
    }

    /// <summary>
    /// Lower bound in metres from a point inside the rectangle to any point outside it; a side at the edge of the world
    /// (±90°, ±180°) has nothing beyond it. Zero when the point lies outside the rectangle.
    /// </summary>
    public static double ToOutside(double lat, double lon, double cosLat, double south, double north, double west, double east)
    {
        if (lat < south || lat > north || lon < west || lon > east)
        {
            return 0;
        }

        double best = double.PositiveInfinity;
        if (south > -90)
        {
            best = Math.Min(best, LatitudeGap(lat - south));
        }

        if (north < 90)
        {
            best = Math.Min(best, LatitudeGap(north - lat));
        }

        // Unless the band spans every longitude, what lies outside it is reached by crossing its west or its east
        // meridian — also when that meridian is ±180°, since the world continues across the antimeridian.
        if (west > -180 || east < 180)
        {
            best = Math.Min(best, LongitudeGap(cosLat, lon - west));
            best = Math.Min(best, LongitudeGap(cosLat, east - lon));
        }

        return best;
    }
}
