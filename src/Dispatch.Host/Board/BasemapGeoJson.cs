using System.Text;
using System.Text.Json;
using Dispatch.Engine.Geo;
using NetTopologySuite.Geometries;

namespace Dispatch.Host.Board;

/// <summary>
/// The offline basemap as GeoJSON (RFC 7946, WGS84 lon/lat): the engine's coarse province outline and its 13
/// approximate city areas (Voronoi cells clipped to the outline; see docs/data-sources.md). Built once.
/// </summary>
internal static class BasemapGeoJson
{
    private static readonly Lazy<string> Cached = new(() => Build(JiangsuRegions.Default));

    public static string Default => Cached.Value;

    public static string Build(JiangsuRegions regions)
    {
        ArgumentNullException.ThrowIfNull(regions);
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("type", "FeatureCollection");
            w.WriteStartArray("features");
            WriteFeature(w, regions.ProvinceOutline, p =>
            {
                p.WriteString("kind", "province");
                p.WriteString("nameZh", "江苏省");
                p.WriteString("nameEn", "Jiangsu");
            });
            foreach (var city in regions.Cities)
            {
                WriteFeature(w, city.Area, p =>
                {
                    p.WriteString("kind", "city");
                    p.WriteNumber("adcode", city.City.Adcode);
                    p.WriteString("nameZh", city.City.NameZh);
                    p.WriteString("nameEn", city.City.NameEn);
                    p.WriteNumber("centreLat", city.City.Centre.Latitude);
                    p.WriteNumber("centreLon", city.City.Centre.Longitude);
                });
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteFeature(Utf8JsonWriter w, Geometry geometry, Action<Utf8JsonWriter> properties)
    {
        w.WriteStartObject();
        w.WriteString("type", "Feature");
        w.WriteStartObject("properties");
        properties(w);
        w.WriteEndObject();
        w.WriteStartObject("geometry");
        var polygons = Enumerable.Range(0, geometry.NumGeometries).Select(geometry.GetGeometryN).OfType<Polygon>().ToList();
        w.WriteString("type", "MultiPolygon");
        w.WriteStartArray("coordinates");
        foreach (var polygon in polygons)
        {
            w.WriteStartArray();
            WriteRing(w, polygon.ExteriorRing);
            foreach (var hole in polygon.InteriorRings)
            {
                WriteRing(w, hole);
            }

            w.WriteEndArray();
        }

        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static void WriteRing(Utf8JsonWriter w, LineString ring)
    {
        w.WriteStartArray();
        foreach (var c in ring.Coordinates)
        {
            w.WriteStartArray();
            w.WriteNumberValue(Math.Round(c.X, 4));
            w.WriteNumberValue(Math.Round(c.Y, 4));
            w.WriteEndArray();
        }

        w.WriteEndArray();
    }
}
