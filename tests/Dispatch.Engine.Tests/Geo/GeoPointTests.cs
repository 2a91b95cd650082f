using Dispatch.Engine.Geo;

namespace Dispatch.Engine.Tests.Geo;

public sealed class GeoPointTests
{
    [Theory]
    [InlineData(double.NaN, 0.0, "latitude")]
    [InlineData(0.0, double.NaN, "longitude")]
    [InlineData(double.PositiveInfinity, 0.0, "latitude")]
    [InlineData(0.0, double.NegativeInfinity, "longitude")]
    [InlineData(90.0001, 0.0, "latitude")]
    [InlineData(-90.0001, 0.0, "latitude")]
    [InlineData(0.0, 180.0001, "longitude")]
    [InlineData(0.0, -180.0001, "longitude")]
    public void Constructor_InvalidCoordinate_ThrowsNamingTheParameter(double lat, double lon, string parameter)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new GeoPoint(lat, lon));

        Assert.Equal(parameter, ex.ParamName);
        Assert.False(GeoPoint.IsValid(lat, lon));
    }

    [Theory]
    [InlineData(90.0, 180.0)]
    [InlineData(-90.0, -180.0)]
    [InlineData(32.06, 118.80)]
    public void Constructor_BoundaryAndNormalValues_AreAccepted(double lat, double lon)
    {
        var p = new GeoPoint(lat, lon);

        Assert.Equal(lat, p.Latitude);
        Assert.Equal(lon, p.Longitude);
        Assert.True(GeoPoint.IsValid(lat, lon));
    }
}
