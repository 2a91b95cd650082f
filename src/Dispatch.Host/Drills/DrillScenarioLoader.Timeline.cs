using System.Globalization;
using Dispatch.Engine.Drills;
using Dispatch.Engine.Geo;
using Dispatch.Engine.PrePlans;
using Dispatch.Host.PrePlans;

namespace Dispatch.Host.Drills;

/// <summary>Named places and the timeline of injections.</summary>
public static partial class DrillScenarioLoader
{
    /// <summary>A named place: its point and the name shown in reports and offers (the Chinese name, else the key).</summary>
    private sealed record Place(GeoPoint Point, string Name);

    private static Dictionary<string, Place> ReadPlaces(YamlReader? node)
    {
        var places = new Dictionary<string, Place>(StringComparer.Ordinal);
        if (node is null)
        {
            return places;
        }

        foreach (var (key, value) in node.Value.Entries())
        {
            if (!IncidentType.IsValidKey(key))
            {
                throw value.Error($"place name '{key}' is invalid: use lower-case ASCII letters, digits and '_' starting with a letter.");
            }

            var place = value with { Path = $"place {key}" };
            place.Mapping(Fields["place"]);
            string? zh = place.Optional("zh")?.Text();
            places.Add(key, new Place(Point(place), string.IsNullOrWhiteSpace(zh) ? key : zh.Trim()));
        }

        return places;
    }

    private static Injection ReadInjection(YamlReader node, Dictionary<string, Place> places, PrePlanBook? book)
    {
        var map = node.Mapping(Fields["injection"]);
        if (map.Children.Count != 2 || node.Optional("at") is null)
        {
            throw node.Error("an injection has 'at' and exactly one of incident, severity_change, connectivity_loss, off_duty.");
        }

        var at = Duration(node.Required("at"));
        if (node.Optional("incident") is { } incident)
        {
            incident.Mapping(Fields["incident"]);
            var typeNode = incident.Required("type");
            string type = typeNode.Text();
            if (book is not null && !book.Types.Any(t => t.Key == type))
            {
                throw typeNode.Error($"unknown incident type '{type}'. Known: {string.Join(", ", book.Types.Select(t => t.Key))}.");
            }

            var (point, placeName) = Location(incident, places);
            var jitter = new Meters(incident.Optional("jitter_m")?.Number() ?? 0);
            var location = incident.Build(() => new DrillLocation(point, jitter, placeName));
            return incident.Build<Injection>(() => new Injection.Incident(
                at,
                incident.Required("id").Text(),
                type,
                Severity(incident.Required("severity")),
                location,
                incident.Required("command_authority").Text(),
                incident.Optional("notes")?.Text() ?? ""));
        }

        if (node.Optional("severity_change") is { } change)
        {
            change.Mapping(Fields["severity_change"]);
            return change.Build<Injection>(() => new Injection.SeverityChange(
                at, change.Required("incident").Text(), Severity(change.Required("severity")), change.Optional("reason")?.Text() ?? ""));
        }

        if (node.Optional("connectivity_loss") is { } loss)
        {
            loss.Mapping(Fields["connectivity_loss"]);
            var area = Area(loss, places);
            return loss.Build<Injection>(() => new Injection.ConnectivityLoss(
                at, area, Duration(loss.Required("duration")), loss.Optional("note")?.Text() ?? ""));
        }

        var offDuty = node.Required("off_duty");
        offDuty.Mapping(Fields["off_duty"]);
        var offArea = Area(offDuty, places);
        return offDuty.Build<Injection>(() => new Injection.OffDuty(
            at, offArea, offDuty.Optional("share")?.Number(), offDuty.Optional("count")?.Int(), offDuty.Optional("note")?.Text() ?? ""));
    }

    private static DrillArea Area(YamlReader node, Dictionary<string, Place> places)
    {
        var (point, placeName) = Location(node, places);
        return node.Build(() => new DrillArea(point, Meters.FromKilometers(node.Required("radius_km").PositiveNumber()), placeName));
    }

    /// <summary>Either <c>place</c> (a key of <c>places</c>) or <c>lat</c> + <c>lon</c>.</summary>
    private static (GeoPoint Point, string? PlaceName) Location(YamlReader node, Dictionary<string, Place> places)
    {
        if (node.Optional("place") is { } placeNode)
        {
            if (node.Optional("lat") is not null || node.Optional("lon") is not null)
            {
                throw placeNode.Error("give either place or lat/lon, not both.");
            }

            string key = placeNode.Text();
            return places.TryGetValue(key, out var place)
                ? (place.Point, place.Name)
                : throw placeNode.Error($"unknown place '{key}'. Known: {(places.Count == 0 ? "none (add a places: section)" : string.Join(", ", places.Keys))}.");
        }

        return (Point(node), null);
    }

    private static GeoPoint Point(YamlReader node)
    {
        var lat = node.Required("lat");
        var lon = node.Required("lon");
        double latitude = lat.Number();
        double longitude = lon.Number();
        return lat.Build(() => new GeoPoint(latitude, longitude));
    }

    private static Severity Severity(YamlReader node)
    {
        string name = node.Text();
        foreach (var severity in SeverityExtensions.All)
        {
            if (string.Equals(severity.ToString(), name, StringComparison.OrdinalIgnoreCase))
            {
                return severity;
            }
        }

        throw node.Error(string.Create(
            CultureInfo.InvariantCulture,
            $"unknown severity '{name}'. Known: {string.Join(", ", SeverityExtensions.All.Select(s => s.ToString().ToLowerInvariant()))}."));
    }
}
