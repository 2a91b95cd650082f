using NetTopologySuite.Algorithm.Locate;
using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Utilities;
using NetTopologySuite.Triangulate;

namespace Dispatch.Engine.Geo;

/// <summary>A prefecture city with the (approximate) area it covers.</summary>
/// <param name="City">The city.</param>
/// <param name="Area">Its area in WGS84 lon/lat degrees (x = longitude, y = latitude, SRID 4326); a polygon or multipolygon.</param>
public sealed record CityRegion(JiangsuCity City, Geometry Area);

/// <summary>
/// Point-in-region lookup for Jiangsu and its 13 prefecture cities.
/// <para>
/// The province outline is a coarse, MIT-licensed outline (see <c>docs/data-sources.md</c>), kilometre-scale accurate.
/// The city areas are <b>approximate</b>: the Voronoi cells of the 13 city centres, computed in an equirectangular
/// projection centred on the province (so cells follow ground distance, not raw degrees) and clipped to the outline.
/// They are not the legal administrative boundaries; near a boundary a point may be attributed to the neighbour.
/// </para>
/// <para>
/// Coordinates are WGS84. Lookups use indexed point-in-area locators (O(log n) in the vertex count) and allocate one
/// <see cref="Coordinate"/>. Instances are immutable and thread-safe; the geometries handed out are copies, so a caller
/// that mutates them cannot corrupt the lookup.
/// </para>
/// </summary>
public sealed class JiangsuRegions
{
    // Declared before Default: static initialisers run in textual order.
    private static readonly GeometryFactory Wgs84 = new(new PrecisionModel(), 4326);

    private readonly IndexedPointInAreaLocator _outlineLocator;
    private readonly Envelope _outlineEnvelope;
    private readonly (JiangsuCity City, Envelope Envelope, IndexedPointInAreaLocator Locator)[] _cells;
    private readonly double _xScale;

    private JiangsuRegions(Polygon outline, IReadOnlyList<JiangsuCity> cities)
    {
        _xScale = Math.Cos(outline.EnvelopeInternal.Centre.Y * Math.PI / 180.0);
        Geometry[] areas = BuildCells(outline, cities, _xScale);

        var outlineCopy = outline.Copy();
        _outlineLocator = new IndexedPointInAreaLocator(outlineCopy);
        _outlineEnvelope = outlineCopy.EnvelopeInternal;
        _cells = new (JiangsuCity, Envelope, IndexedPointInAreaLocator)[cities.Count];
        var regions = new CityRegion[cities.Count];
        for (int i = 0; i < cities.Count; i++)
        {
            var locatorCopy = areas[i].Copy();
            _cells[i] = (cities[i], locatorCopy.EnvelopeInternal, new IndexedPointInAreaLocator(locatorCopy));
            regions[i] = new CityRegion(cities[i], areas[i]);
        }

        ProvinceOutline = outline;
        Cities = regions;

        // The locators build their interval trees lazily (behind a lock); build them now so that the first
        // lookups on a hot path do not pay for it.
        foreach (var city in cities)
        {
            _ = CityAt(city.Centre);
        }
    }

    /// <summary>The shared instance built from the embedded outline and <see cref="JiangsuCity.All"/>.</summary>
    public static JiangsuRegions Default { get; } = new(CreateOutline(), JiangsuCity.All);

    /// <summary>The province outline as a WGS84 polygon (x = longitude, y = latitude, SRID 4326).</summary>
    public Geometry ProvinceOutline { get; }

    /// <summary>The 13 cities with their approximate areas, in <see cref="JiangsuCity.Index"/> order.</summary>
    public IReadOnlyList<CityRegion> Cities { get; }

    /// <summary>True when the point lies inside the province outline or on its boundary.</summary>
    public bool Contains(GeoPoint point)
    {
        if (!_outlineEnvelope.Contains(point.Longitude, point.Latitude))
        {
            return false;
        }

        return _outlineLocator.Locate(new Coordinate(point.Longitude, point.Latitude)) != Location.Exterior;
    }

    /// <summary>The city whose (approximate) area holds the point; null outside the province.</summary>
    public JiangsuCity? CityAt(GeoPoint point)
    {
        if (!Contains(point))
        {
            return null;
        }

        var c = new Coordinate(point.Longitude, point.Latitude);
        foreach (var (city, envelope, locator) in _cells)
        {
            if (envelope.Contains(c) && locator.Locate(c) != Location.Exterior)
            {
                return city;
            }
        }

        // Overlay rounding can leave hair-thin slivers between cells; the Voronoi rule decides those.
        return NearestCentre(point);
    }

    /// <summary>The area of one city; throws <see cref="ArgumentException"/> for a city not in this set.</summary>
    public Geometry AreaOf(JiangsuCity city)
    {
        ArgumentNullException.ThrowIfNull(city);
        foreach (var region in Cities)
        {
            if (region.City.Adcode == city.Adcode)
            {
                return region.Area.Copy();
            }
        }

        throw new ArgumentException($"City {city.Adcode} is not part of this region set.", nameof(city));
    }

    private JiangsuCity NearestCentre(GeoPoint point)
    {
        JiangsuCity best = _cells[0].City;
        double bestD2 = double.MaxValue;
        foreach (var (city, _, _) in _cells)
        {
            double dx = (city.Centre.Longitude - point.Longitude) * _xScale;
            double dy = city.Centre.Latitude - point.Latitude;
            double d2 = (dx * dx) + (dy * dy);
            if (d2 < bestD2)
            {
                bestD2 = d2;
                best = city;
            }
        }

        return best;
    }

    private static Polygon CreateOutline()
    {
        ReadOnlySpan<double> lonLat = JiangsuOutline.LonLat;
        var coordinates = new Coordinate[lonLat.Length / 2];
        for (int i = 0; i < coordinates.Length; i++)
        {
            coordinates[i] = new Coordinate(lonLat[2 * i], lonLat[(2 * i) + 1]);
        }

        return Wgs84.CreatePolygon(coordinates);
    }

    /// <summary>Voronoi cells of the city centres in a projection with x scaled by cos(φ0), clipped to the outline.</summary>
    private static Geometry[] BuildCells(Polygon outline, IReadOnlyList<JiangsuCity> cities, double xScale)
    {
        var toProjected = AffineTransformation.ScaleInstance(xScale, 1);
        var toLonLat = AffineTransformation.ScaleInstance(1 / xScale, 1);
        var sites = cities.Select(c => new Coordinate(c.Centre.Longitude * xScale, c.Centre.Latitude)).ToArray();

        var builder = new VoronoiDiagramBuilder();
        builder.SetSites(sites);
        builder.ClipEnvelope = toProjected.Transform(outline).EnvelopeInternal;
        var diagram = builder.GetDiagram(Wgs84);

        var areas = new Geometry[cities.Count];
        for (int i = 0; i < cities.Count; i++)
        {
            var site = Wgs84.CreatePoint(sites[i]);
            var cell = Enumerable.Range(0, diagram.NumGeometries)
                .Select(diagram.GetGeometryN)
                .FirstOrDefault(g => g.Contains(site))
                ?? throw new InvalidOperationException($"No Voronoi cell holds the centre of {cities[i].NameEn}.");
            var area = toLonLat.Transform(cell).Intersection(outline);
            area.SRID = 4326;
            areas[i] = area;
        }

        return areas;
    }
}
