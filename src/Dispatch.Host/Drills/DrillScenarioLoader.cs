using System.Globalization;
using Dispatch.Engine.Drills;
using Dispatch.Engine.Geo;
using Dispatch.Engine.Pool;
using Dispatch.Engine.PrePlans;
using Dispatch.Host.PrePlans;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Dispatch.Host.Drills;

/// <summary>
/// Reads a drill scenario from YAML (format: <c>drills/README.md</c>, schema: <c>drills/scenario.schema.json</c>).
/// Unknown fields are errors. Every error is a <see cref="DrillFormatException"/> naming file, line, column and field,
/// e.g. <c>nanjing.yaml:31:15: timeline: injection 2: incident: severity: unknown severity 'huge'…</c>.
/// </summary>
public static partial class DrillScenarioLoader
{
    /// <summary>The format version this loader reads.</summary>
    public const int FormatVersion = 1;

    /// <summary>The fields of each mapping, keyed by the schema's definition name (the root is <c>scenario</c>).</summary>
    internal static IReadOnlyDictionary<string, string[]> Fields { get; } = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["scenario"] = ["version", "id", "name", "description", "cities", "objectives", "duration", "seed", "pool", "behaviour", "places", "timeline", "scoring"],
        ["name"] = ["zh", "en"],
        ["pool"] = ["generated", "snapshot"],
        ["generated"] = ["volunteers", "seed", "cities"],
        ["behaviour"] = ["accept", "answer_delay", "no_show_rate", "travel_speed_kmh"],
        ["accept"] = ["base", "half_distance_km", "falloff_km", "silence_share"],
        ["base"] = ["minor", "moderate", "major", "critical"],
        ["answer_delay"] = ["median_s", "p90_s"],
        ["place"] = ["zh", "lat", "lon"],
        ["injection"] = ["at", "incident", "severity_change", "connectivity_loss", "off_duty"],
        ["incident"] = ["id", "type", "severity", "place", "lat", "lon", "jitter_m", "command_authority", "notes"],
        ["severity_change"] = ["incident", "severity", "reason"],
        ["connectivity_loss"] = ["place", "lat", "lon", "radius_km", "duration", "note"],
        ["off_duty"] = ["place", "lat", "lon", "radius_km", "share", "count", "note"],
        ["scoring"] = ["targets", "band"],
        ["target"] = ["weight", "fill_within", "mean_time_to_fill", "no_unexplained_shortfall"],
        ["fill_within"] = ["skill", "share", "within"],
        ["mean_time_to_fill"] = ["skill", "max"],
        ["band"] = ["min", "max"],
    };

    /// <summary>Top-level fields every file must have (the rest are optional: <c>places</c>).</summary>
    internal static IReadOnlyList<string> RequiredTopLevel { get; } =
        ["version", "id", "name", "description", "cities", "objectives", "duration", "seed", "pool", "behaviour", "timeline", "scoring"];

    /// <summary>Loads and validates a scenario; the reader is read to its end but not disposed.</summary>
    /// <param name="reader">The YAML text.</param>
    /// <param name="catalog">Skills that targets may name.</param>
    /// <param name="sourceName">File name used in messages.</param>
    /// <param name="book">When given, incident types must be types of this pre-plan book.</param>
    public static DrillScenario Load(TextReader reader, SkillCatalog catalog, string sourceName, PrePlanBook? book = null)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(catalog);
        var stream = new YamlStream();
        try
        {
            stream.Load(reader);
        }
        catch (YamlException ex)
        {
            throw new DrillFormatException(
                $"{sourceName}:{ex.Start.Line}:{ex.Start.Column}: malformed YAML: {ex.Message}", ex.Start.Line, ex.Start.Column, ex);
        }

        if (stream.Documents.Count != 1)
        {
            throw new DrillFormatException($"{sourceName}: expected exactly one YAML document, found {stream.Documents.Count}.");
        }

        try
        {
            return Read(new YamlReader(sourceName, "scenario", stream.Documents[0].RootNode), catalog, book);
        }
        catch (PrePlanFormatException ex)
        {
            // The shared YamlReader raises the pre-plan exception type; callers of this loader expect the drill one.
            throw new DrillFormatException(ex.Message, ex.Line, ex.Column, ex);
        }
    }

    /// <summary>Loads a scenario file; messages name the file by its name.</summary>
    public static DrillScenario LoadFile(string path, SkillCatalog catalog, PrePlanBook? book = null)
    {
        using var reader = new StreamReader(path);
        return Load(reader, catalog, Path.GetFileName(path), book);
    }

    private static DrillScenario Read(YamlReader root, SkillCatalog catalog, PrePlanBook? book)
    {
        root.Mapping(Fields["scenario"]);
        var version = root.Required("version");
        if (version.Int() != FormatVersion)
        {
            throw version.Error($"unsupported version {version.Text()}; this loader reads version {FormatVersion}.");
        }

        var name = root.Required("name");
        name.Mapping(Fields["name"]);
        var metadata = root.Build(() => new DrillMetadata(
            root.Required("id").Text(),
            name.Required("zh").Text(),
            name.Required("en").Text(),
            root.Required("description").Text(),
            Adcodes(root.Required("cities")),
            [.. root.Required("objectives").Items("objective").Select(o => o.Text())]));
        var duration = Duration(root.Required("duration"));
        ulong seed = Seed(root.Required("seed"));
        var pool = ReadPool(root.Required("pool"));
        var behaviour = ReadBehaviour(root.Required("behaviour"));
        var places = ReadPlaces(root.Optional("places"));
        var timelineNode = root.Required("timeline");
        var timeline = timelineNode.Items("injection").Select(i => ReadInjection(i, places, book)).ToArray();
        var scoring = root.Required("scoring");
        scoring.Mapping(Fields["scoring"]);
        var targets = scoring.Required("targets").Items("target").Select(t => ReadTarget(t, catalog)).ToArray();
        var bandNode = scoring.Required("band");
        bandNode.Mapping(Fields["band"]);
        var band = bandNode.Build(() => new ScoreBand(bandNode.Required("min").Number(), bandNode.Required("max").Number()));
        return timelineNode.Build(() => new DrillScenario(metadata, pool, seed, behaviour, duration, timeline, targets, band));
    }

    private static DrillPoolSource ReadPool(YamlReader node)
    {
        var map = node.Mapping(Fields["pool"]);
        if (map.Children.Count != 1)
        {
            throw node.Error("a pool has exactly one of generated, snapshot.");
        }

        if (node.Optional("snapshot") is { } snapshot)
        {
            return snapshot.Build<DrillPoolSource>(() => new DrillPoolSource.Snapshot(snapshot.Text()));
        }

        var generated = node.Required("generated");
        generated.Mapping(Fields["generated"]);
        var cities = generated.Optional("cities") is { } c ? Adcodes(c) : [];
        return generated.Build<DrillPoolSource>(() => new DrillPoolSource.Generated(
            generated.Required("volunteers").Int(), Seed(generated.Required("seed")), cities));
    }

    private static VolunteerBehaviour ReadBehaviour(YamlReader node)
    {
        node.Mapping(Fields["behaviour"]);
        var accept = node.Required("accept");
        accept.Mapping(Fields["accept"]);
        var baseNode = accept.Required("base");
        baseNode.Mapping(Fields["base"]);
        var bases = SeverityExtensions.All.ToDictionary(s => s, s => baseNode.Required(s.ToString().ToLowerInvariant()).Number());
        var curve = accept.Build(() => new AcceptanceCurve(
            bases,
            Meters.FromKilometers(accept.Required("half_distance_km").Number()),
            Meters.FromKilometers(accept.Required("falloff_km").Number()),
            accept.Required("silence_share").Number()));
        var delay = node.Required("answer_delay");
        delay.Mapping(Fields["answer_delay"]);
        var answerDelay = delay.Build(() => new LogNormalDelay(
            TimeSpan.FromSeconds(delay.Required("median_s").PositiveNumber()), TimeSpan.FromSeconds(delay.Required("p90_s").PositiveNumber())));
        return node.Build(() => new VolunteerBehaviour(
            curve, answerDelay, node.Required("no_show_rate").Number(), node.Required("travel_speed_kmh").Number()));
    }

    private static ScoringTarget ReadTarget(YamlReader node, SkillCatalog catalog)
    {
        var map = node.Mapping(Fields["target"]);
        if (map.Children.Count != 2 || node.Optional("weight") is null)
        {
            throw node.Error("a target has a weight and exactly one of fill_within, mean_time_to_fill, no_unexplained_shortfall.");
        }

        double weight = node.Required("weight").Number();
        if (node.Optional("fill_within") is { } fill)
        {
            fill.Mapping(Fields["fill_within"]);
            var skill = SkillOrAny(fill.Required("skill"), catalog);
            return fill.Build<ScoringTarget>(() => new ScoringTarget.FillWithin(
                skill, fill.Required("share").Number(), Duration(fill.Required("within")), weight));
        }

        if (node.Optional("mean_time_to_fill") is { } mean)
        {
            mean.Mapping(Fields["mean_time_to_fill"]);
            var skill = SkillOrAny(mean.Required("skill"), catalog);
            return mean.Build<ScoringTarget>(() => new ScoringTarget.MeanTimeToFill(skill, Duration(mean.Required("max")), weight));
        }

        var flag = node.Required("no_unexplained_shortfall");
        if (!flag.Bool())
        {
            throw flag.Error("write 'no_unexplained_shortfall: true' or leave the target out.");
        }

        return node.Build<ScoringTarget>(() => new ScoringTarget.NoUnexplainedShortfall(weight));
    }

    private static Skill? SkillOrAny(YamlReader node, SkillCatalog catalog)
    {
        string key = node.Text();
        return key == "any" ? null : node.Build(() => catalog.Parse(key));
    }

    private static int[] Adcodes(YamlReader node) => [.. node.Items("city").Select(c => c.Int())];

    private static ulong Seed(YamlReader node) =>
        ulong.TryParse(node.Text(), NumberStyles.None, CultureInfo.InvariantCulture, out ulong seed)
            ? seed
            : throw node.Error($"expected a seed (a whole number 0 … 2^64-1), got '{node.Text()}'.");

    /// <summary>A duration written <c>hh:mm:ss</c> or <c>d.hh:mm:ss</c>.</summary>
    private static TimeSpan Duration(YamlReader node)
    {
        string text = node.Text();
        return DurationPattern().IsMatch(text) && TimeSpan.TryParseExact(text, "c", CultureInfo.InvariantCulture, out var value)
            ? value
            : throw node.Error($"expected a duration hh:mm:ss (or d.hh:mm:ss), got '{text}'.");
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^(\d+\.)?\d{2}:[0-5]\d:[0-5]\d$")]
    private static partial System.Text.RegularExpressions.Regex DurationPattern();
}
