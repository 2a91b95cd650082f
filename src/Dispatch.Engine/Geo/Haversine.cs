namespace Dispatch.Engine.Geo;

/// <summary>
/// Great-circle distance on a sphere of radius <see cref="EarthRadiusMeters"/> (the IUGG mean radius).
/// Error against the WGS84 ellipsoid is below 0.5 %, far inside the uncertainty of a phone's position fix.
/// All methods are pure and thread-safe.
/// </summary>
public static class Haversine
{
    /// <summary>Mean Earth radius in metres (IUGG).</summary>
    public const double EarthRadiusMeters = 6_371_008.8;

    private const double DegToRad = Math.PI / 180.0;

    /// <summary>Distance between two WGS84 points in metres.</summary>
    public static Meters Distance(GeoPoint a, GeoPoint b) =>
        new(DistanceMeters(a.Latitude, a.Longitude, b.Latitude, b.Longitude));

    /// <summary>Distance in metres between two positions given in degrees; the inputs are not validated.</summary>
    public static double DistanceMeters(double lat1, double lon1, double lat2, double lon2)
    {
        double h = HalfChord(lat1, lon1, lat2, lon2);
        return 2.0 * EarthRadiusMeters * Math.Asin(Math.Sqrt(Math.Min(1.0, h)));
    }

    /// <summary>
    /// The haversine term <c>sin²(Δφ/2) + cos φ1 cos φ2 sin²(Δλ/2)</c>, monotone in the distance: comparing it
    /// avoids the arcsine when only the order of two distances matters.
    /// </summary>
    public static double HalfChord(double lat1, double lon1, double lat2, double lon2)
    {
        double dLat = (lat2 - lat1) * DegToRad;
        double dLon = (lon2 - lon1) * DegToRad;
        double sLat = Math.Sin(dLat * 0.5);
        double sLon = Math.Sin(dLon * 0.5);
        return (sLat * sLat) + (Math.Cos(lat1 * DegToRad) * Math.Cos(lat2 * DegToRad) * sLon * sLon);
    }
}
