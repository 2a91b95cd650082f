namespace Dispatch.Engine.Geo;

/// <summary>
/// A WGS84 position: latitude and longitude in decimal degrees (GPS datum, not GCJ-02).
/// Construction rejects NaN, infinities and values outside [-90, 90] × [-180, 180].
/// </summary>
public readonly record struct GeoPoint
{
    /// <summary>Creates a point; throws <see cref="ArgumentOutOfRangeException"/> for a non-finite or out-of-range coordinate.</summary>
    public GeoPoint(double latitude, double longitude)
    {
        if (!double.IsFinite(latitude) || latitude is < -90 or > 90)
        {
            throw new ArgumentOutOfRangeException(nameof(latitude), latitude, "Latitude must be a finite WGS84 value in [-90, 90] degrees.");
        }

        if (!double.IsFinite(longitude) || longitude is < -180 or > 180)
        {
            throw new ArgumentOutOfRangeException(nameof(longitude), longitude, "Longitude must be a finite WGS84 value in [-180, 180] degrees.");
        }

        Latitude = latitude;
        Longitude = longitude;
    }

    /// <summary>Latitude in degrees, north positive.</summary>
    public double Latitude { get; }

    /// <summary>Longitude in degrees, east positive.</summary>
    public double Longitude { get; }

    /// <summary>True when both values are finite and in range; lets callers validate without an exception.</summary>
    public static bool IsValid(double latitude, double longitude) =>
        double.IsFinite(latitude) && latitude is >= -90 and <= 90 &&
        double.IsFinite(longitude) && longitude is >= -180 and <= 180;

    public override string ToString() =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"({Latitude:F6} N, {Longitude:F6} E)");
}
