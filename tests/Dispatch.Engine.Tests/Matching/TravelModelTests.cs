using Dispatch.Engine.Geo;
using Dispatch.Engine.Matching;
using static Dispatch.Engine.Tests.Matching.MatchFixtures;

namespace Dispatch.Engine.Tests.Matching;

public sealed class TravelModelTests
{
    // Far from every one of the 13 city centres (no urban core at either end).
    private static readonly GeoPoint Rural = new(33.0, 118.2);

    [Theory]
    [InlineData(32.06, 118.80)] // Nanjing centre
    [InlineData(33.0, 118.2)] // countryside
    public void EstimateSeconds_DistanceZero_IsTheMobilisationDelay(double lat, double lon)
    {
        var at = new GeoPoint(lat, lon);
        var towards = UrbanRuralTravelModel.Default.Towards(at);

        Assert.Equal(300, towards.EstimateSeconds(at, 0));
        Assert.Equal(300, towards.LowerBoundSeconds(0));
    }

    [Fact]
    public void EstimateSeconds_RuralTrip_FasterThanUrbanSpeedWouldGive()
    {
        var model = UrbanRuralTravelModel.Default;
        var from = Offset(Rural, 20, 0);
        double d = Haversine.Distance(Rural, from).Value;

        double rural = model.Towards(Rural).EstimateSeconds(from, d);

        Assert.Equal(0, model.UrbanPart(Rural));
        Assert.Equal(0, model.UrbanPart(from));
        Assert.Equal(300 + (d / (60 / 3.6)), rural, 1e-9);
        Assert.True(rural < 300 + (d / (25 / 3.6)));
    }

    [Fact]
    public void EstimateSeconds_SameDistanceInCityCentre_SlowerThanCountryside()
    {
        var model = UrbanRuralTravelModel.Default;
        var cityFrom = Offset(Incident, 0, 5);
        var ruralFrom = Offset(Rural, 0, 5);
        double d = Haversine.Distance(Incident, cityFrom).Value;

        double city = model.Towards(Incident).EstimateSeconds(cityFrom, d);
        double rural = model.Towards(Rural).EstimateSeconds(ruralFrom, d);

        Assert.Equal(300 + (d / (25 / 3.6)), city, 1e-9); // both ends deep in the urban core
        Assert.True(city > rural);
    }

    [Theory]
    [InlineData(32.06, 118.80, 5)] // incident in Nanjing centre
    [InlineData(32.06, 118.80, 30)]
    [InlineData(32.10, 118.88, 15)] // incident inside the edge of Nanjing's core
    [InlineData(33.0, 118.2, 40)] // incident in the countryside
    public void LowerBoundSeconds_SeveralOriginsAtSameDistance_AtMostEveryEstimate(double lat, double lon, double km)
    {
        var incident = new GeoPoint(lat, lon);
        var towards = UrbanRuralTravelModel.Default.Towards(incident);
        for (int bearing = 0; bearing < 360; bearing += 30)
        {
            double rad = bearing * Math.PI / 180;
            var from = Offset(incident, km * Math.Cos(rad), km * Math.Sin(rad));
            double d = Haversine.Distance(incident, from).Value;

            Assert.True(towards.LowerBoundSeconds(d) <= towards.EstimateSeconds(from, d), $"bearing {bearing}");
        }
    }

    [Theory]
    [InlineData(32.06, 118.80)]
    [InlineData(32.10, 118.85)]
    [InlineData(33.0, 118.2)]
    public void LowerBoundSeconds_GrowingDistance_NeverDecreases(double lat, double lon)
    {
        var towards = UrbanRuralTravelModel.Default.Towards(new GeoPoint(lat, lon));
        double previous = towards.LowerBoundSeconds(0);
        for (double d = 50; d <= 100_000; d += 50)
        {
            double bound = towards.LowerBoundSeconds(d);
            Assert.True(bound >= previous, $"at {d} m");
            previous = bound;
        }
    }

    [Theory]
    [InlineData(-1, 25, 60, 12_000, "mobilisationSeconds")]
    [InlineData(double.NaN, 25, 60, 12_000, "mobilisationSeconds")]
    [InlineData(double.PositiveInfinity, 25, 60, 12_000, "mobilisationSeconds")]
    [InlineData(300, 0, 60, 12_000, "urbanSpeedKmh")]
    [InlineData(300, -5, 60, 12_000, "urbanSpeedKmh")]
    [InlineData(300, double.NaN, 60, 12_000, "urbanSpeedKmh")]
    [InlineData(300, 25, 20, 12_000, "ruralSpeedKmh")] // rural slower than urban
    [InlineData(300, 25, double.NaN, 12_000, "ruralSpeedKmh")]
    [InlineData(300, 25, double.PositiveInfinity, 12_000, "ruralSpeedKmh")]
    [InlineData(300, 25, 60, -1, "urbanRadiusMeters")]
    [InlineData(300, 25, 60, double.NaN, "urbanRadiusMeters")]
    public void Constructor_BadArguments_ThrowArgumentOutOfRange(double mobilisation, double urban, double rural, double radius, string parameter)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new UrbanRuralTravelModel(mobilisation, urban, rural, radius));

        Assert.Equal(parameter, ex.ParamName);
    }

    [Fact]
    public void Constructor_EqualSpeedsAndNoUrbanCore_Accepted()
    {
        var model = new UrbanRuralTravelModel(0, 36, 36, 0);

        Assert.Equal(1000, model.Towards(Incident).EstimateSeconds(Offset(Incident, 1, 0), 10_000), 1e-9);
    }
}
