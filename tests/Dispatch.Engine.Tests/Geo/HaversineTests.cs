using Dispatch.Engine.Geo;

namespace Dispatch.Engine.Tests.Geo;

public sealed class HaversineTests
{
    [Theory]
    [InlineData(32.06, 118.80, 31.30, 120.59, 190_000, 0.02)] // Nanjing → Suzhou centres
    [InlineData(0.0, 0.0, 1.0, 0.0, 111_195, 0.001)] // one degree of latitude
    [InlineData(45.0, 10.0, 46.0, 10.0, 111_195, 0.001)] // … anywhere on the sphere
    [InlineData(0.0, 0.0, 0.0, 180.0, 20_015_115, 0.001)] // antipodes on the equator
    [InlineData(90.0, 0.0, -90.0, 0.0, 20_015_115, 0.001)] // pole to pole
    public void Distance_KnownPairs_MatchWithinTolerance(
        double lat1, double lon1, double lat2, double lon2, double expectedMeters, double relativeTolerance)
    {
        var d = Haversine.Distance(new GeoPoint(lat1, lon1), new GeoPoint(lat2, lon2));

        Assert.InRange(d.Value, expectedMeters * (1 - relativeTolerance), expectedMeters * (1 + relativeTolerance));
    }

    [Theory]
    [InlineData(32.06, 118.80)]
    [InlineData(-90.0, 0.0)]
    [InlineData(0.0, 180.0)]
    public void Distance_SamePoint_IsZero(double lat, double lon)
    {
        var p = new GeoPoint(lat, lon);

        Assert.Equal(0.0, Haversine.Distance(p, p).Value);
    }

    [Fact]
    public void Distance_IsSymmetric()
    {
        var a = new GeoPoint(34.20, 117.29);
        var b = new GeoPoint(31.98, 120.89);

        Assert.Equal(Haversine.Distance(a, b).Value, Haversine.Distance(b, a).Value, 1e-6);
    }
}
