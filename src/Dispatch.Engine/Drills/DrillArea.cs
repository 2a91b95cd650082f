using Dispatch.Engine.Geo;

namespace Dispatch.Engine.Drills;

/// <summary>A circular area (centre and radius, haversine), e.g. a district losing connectivity.</summary>
/// <remarks>Immutable; <see cref="Contains"/> is O(1).</remarks>
public sealed record DrillArea
{
    /// <param name="centre">WGS84 centre.</param>
    /// <param name="radius">Radius, &gt; 0 and ≤ 200 km.</param>
    /// <param name="placeName">The named place the centre came from, if any (for the report).</param>
    public DrillArea(GeoPoint centre, Meters radius, string? placeName = null)
    {
        DrillChecks.PositiveMeters(radius, "An area radius", nameof(radius));
        if (radius > Meters.FromKilometers(200))
        {
            throw new ArgumentOutOfRangeException(nameof(radius), radius, "An area radius is at most 200 km.");
        }

        Centre = centre;
        Radius = radius;
        PlaceName = placeName;
    }

    public GeoPoint Centre { get; }

    public Meters Radius { get; }

    public string? PlaceName { get; }

    /// <summary>True when the point lies inside the circle or on its edge.</summary>
    public bool Contains(GeoPoint point) => Haversine.Distance(Centre, point) <= Radius;
}

/// <summary>
/// Where an injected incident happens: a point, optionally named, and a jitter radius so that repeated runs with
/// different seeds do not always hit the same spot. <see cref="Resolve"/> is deterministic for a seed.
/// </summary>
public sealed record DrillLocation
{
    /// <param name="point">WGS84 point.</param>
    /// <param name="jitter">Jitter radius, 0 … 20 km.</param>
    /// <param name="placeName">The named place, if any.</param>
    public DrillLocation(GeoPoint point, Meters jitter, string? placeName = null)
    {
        if (!double.IsFinite(jitter.Value) || jitter.Value < 0 || jitter > Meters.FromKilometers(20))
        {
            throw new ArgumentOutOfRangeException(nameof(jitter), jitter, "The location jitter must lie in [0, 20] km.");
        }

        Point = point;
        Jitter = jitter;
        PlaceName = placeName;
    }

    public GeoPoint Point { get; }

    public Meters Jitter { get; }

    public string? PlaceName { get; }

    /// <summary>
    /// The point an incident is created at: uniform over the jitter disc (equirectangular offset, fine at ≤ 20 km),
    /// drawn from the stream (<paramref name="seed"/>, <paramref name="salt"/>). No jitter → <see cref="Point"/>.
    /// </summary>
    public GeoPoint Resolve(ulong seed, ulong salt)
    {
        if (Jitter.Value == 0)
        {
            return Point;
        }

        var rng = new Pool.Generation.Xoshiro256(seed, salt);
        double r = Jitter.Value * Math.Sqrt(rng.NextDouble());
        double theta = 2 * Math.PI * rng.NextDouble();
        const double MetresPerDegree = 111_320.0;
        double dLat = r * Math.Cos(theta) / MetresPerDegree;
        double dLon = r * Math.Sin(theta) / (MetresPerDegree * Math.Cos(Point.Latitude * Math.PI / 180));
        return new GeoPoint(Math.Clamp(Point.Latitude + dLat, -90, 90), Math.Clamp(Point.Longitude + dLon, -180, 180));
    }
}
