using Dispatch.Engine.Geo;
using NetTopologySuite.Geometries;

namespace Dispatch.Engine.Tests.Geo;

public sealed class JiangsuRegionsTests
{
    private static readonly JiangsuRegions Regions = JiangsuRegions.Default;

    public static TheoryData<int> CityAdcodes() => new(JiangsuCity.All.Select(c => c.Adcode));

    [Theory]
    [MemberData(nameof(CityAdcodes))]
    public void CityAt_CityCentre_ReturnsThatCity(int adcode)
    {
        var city = JiangsuCity.ByAdcode(adcode);

        Assert.Same(city, Regions.CityAt(city.Centre));
    }

    [Theory]
    [InlineData(32.02, 118.79, 320100)] // 夫子庙, Nanjing
    [InlineData(31.33, 120.63, 320500)] // 拙政园, Suzhou
    [InlineData(31.58, 120.30, 320200)] // Wuxi old town
    [InlineData(34.26, 117.19, 320300)] // Xuzhou, Yunlong Lake
    [InlineData(32.02, 120.86, 320600)] // Nantong, Haohe
    [InlineData(34.59, 119.17, 320700)] // Lianyungang, Haizhou
    [InlineData(32.40, 119.43, 321000)] // Yangzhou, Slender West Lake
    [InlineData(33.37, 120.16, 320900)] // Yancheng downtown
    public void CityAt_KnownLandmark_ReturnsExpectedCity(double latitude, double longitude, int adcode)
    {
        var city = Regions.CityAt(new GeoPoint(latitude, longitude));

        Assert.NotNull(city);
        Assert.Equal(adcode, city.Adcode);
    }

    [Theory]
    [InlineData(31.23, 121.47)] // Shanghai, People's Square
    [InlineData(31.82, 117.23)] // Hefei
    [InlineData(30.27, 120.16)] // Hangzhou
    [InlineData(36.07, 120.38)] // Qingdao
    [InlineData(33.50, 122.50)] // Yellow Sea, off Yancheng
    [InlineData(0.0, 0.0)]
    public void CityAt_OutsideProvince_ReturnsNull(double latitude, double longitude)
    {
        var point = new GeoPoint(latitude, longitude);

        Assert.Null(Regions.CityAt(point));
        Assert.False(Regions.Contains(point));
    }

    [Fact]
    public void Cities_AreasTileTheOutline_WithoutOverlap()
    {
        double outlineArea = Regions.ProvinceOutline.Area;
        double sum = Regions.Cities.Sum(r => r.Area.Area);
        var union = Regions.Cities.Select(r => r.Area).Aggregate((a, b) => a.Union(b));

        Assert.Equal(13, Regions.Cities.Count);
        Assert.All(Regions.Cities, r => Assert.True(r.Area.IsValid, r.City.NameEn));
        Assert.Equal(outlineArea, sum, outlineArea * 1e-9);
        Assert.Equal(outlineArea, union.Area, outlineArea * 1e-9);
    }

    [Fact]
    public void ProvinceOutline_AreaOnTheSphere_IsCloseToTheOfficialFigure()
    {
        // Jiangsu covers about 107,200 km² (including lakes); the coarse outline must stay within 10 %.
        double km2 = SphericalAreaKm2((Polygon)Regions.ProvinceOutline);

        Assert.InRange(km2, 96_000, 118_000);
    }

    [Fact]
    public void Geometries_HandedOut_AreCopies_SoMutationCannotBreakLookup()
    {
        var area = Regions.AreaOf(JiangsuCity.All[0]);
        area.Apply(new NetTopologySuite.Geometries.Utilities.AffineTransformation().Translate(10, 10));

        Assert.Equal(320100, Regions.CityAt(new GeoPoint(32.02, 118.79))?.Adcode);
        Assert.Equal(4326, Regions.ProvinceOutline.SRID);
    }

    [Fact]
    public void CityAt_ManyThreads_AgreeWithSingleThreadedAnswers()
    {
        var points = Enumerable.Range(0, 2_000)
            .Select(i => new GeoPoint(30.5 + (i % 50 * 0.1), 116.0 + (i / 50 * 0.15)))
            .ToArray();
        var expected = points.Select(p => Regions.CityAt(p)).ToArray();

        var actual = new JiangsuCity?[points.Length];
        Parallel.For(0, points.Length, i => actual[i] = Regions.CityAt(points[i]));

        Assert.Equal(expected, actual);
        Assert.Contains(expected, c => c is null);
        Assert.Equal(13, expected.OfType<JiangsuCity>().Distinct().Count());
    }

    private static double SphericalAreaKm2(Polygon polygon)
    {
        const double d = Math.PI / 180;
        var ring = polygon.ExteriorRing.Coordinates;
        double sum = 0;
        for (int i = 0; i < ring.Length - 1; i++)
        {
            var p = ring[i];
            var q = ring[i + 1];
            sum += (q.X - p.X) * d * (2 + Math.Sin(p.Y * d) + Math.Sin(q.Y * d));
        }

        double r = Haversine.EarthRadiusMeters / 1000;
        return Math.Abs(sum * r * r / 2);
    }
}
