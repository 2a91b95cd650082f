using System.Globalization;
using Dispatch.Engine.Geo;
using Dispatch.Engine.Matching;
using Dispatch.Engine.Pool;
using Dispatch.Engine.PrePlans;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Dispatch.Host.PrePlans;

/// <summary>
/// Reads a pre-plan book from YAML (format: <c>docs/preplans.md</c>). Every error is a
/// <see cref="PrePlanFormatException"/> naming file, line, column, plan and field, e.g.
/// <c>preplans.yaml:57:13: plan fire/Major: requirement 2: skill: unknown skill 'medic'</c>.
/// </summary>
public static class PrePlanYamlLoader
{
    /// <summary>Name used in messages when the caller gives none.</summary>
    public const string DefaultSourceName = "preplans.yaml";

    /// <summary>The format version this loader reads.</summary>
    public const int FormatVersion = 1;

    private static readonly string[] TypeFields = ["zh", "en", "hazardous", "weights", "risk_statement", "plans"];
    private static readonly string[] PlanFields =
        ["radius_km", "offer_timeout_s", "over_offer", "weights", "risk_statement", "requirements", "escalation"];

    /// <summary>Loads and validates a book; the reader is read to its end but not disposed.</summary>
    public static PrePlanBook Load(TextReader reader, SkillCatalog catalog, string sourceName = DefaultSourceName)
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
            throw new PrePlanFormatException(
                $"{sourceName}:{ex.Start.Line}:{ex.Start.Column}: malformed YAML: {ex.Message}", ex.Start.Line, ex.Start.Column, ex);
        }

        if (stream.Documents.Count != 1)
        {
            throw new PrePlanFormatException($"{sourceName}: expected exactly one YAML document, found {stream.Documents.Count}.");
        }

        var root = new YamlReader(sourceName, "file", stream.Documents[0].RootNode);
        root.Mapping("version", "incident_types");
        var version = root.Required("version");
        if (version.Int() != FormatVersion)
        {
            throw version.Error($"unsupported version {version.Text()}; this loader reads version {FormatVersion}.");
        }

        var types = new List<IncidentType>();
        var plans = new List<PrePlan>();
        foreach (var (key, typeNode) in root.Required("incident_types").Entries())
        {
            var reader0 = typeNode with { Path = $"incident type {key}" };
            reader0.Mapping(TypeFields);
            types.Add(reader0.Build(() => new IncidentType(
                key, reader0.Required("zh").Text(), reader0.Required("en").Text(), reader0.Required("hazardous").Bool())));
            var typeWeights = reader0.Optional("weights") is { } w ? ReadWeights(w) : ScoreWeights.Default;
            string typeRisk = reader0.Required("risk_statement").Text();
            foreach (var (severityName, planNode) in reader0.Required("plans").Entries())
            {
                var severity = ParseSeverity(severityName, planNode);
                plans.Add(ReadPlan(planNode with { Path = $"plan {key}/{severity}" }, key, severity, typeWeights, typeRisk, catalog));
            }
        }

        return root.Build(() => new PrePlanBook(types, plans, catalog));
    }

    /// <summary>Loads a book from a file; messages name the file by its name.</summary>
    public static PrePlanBook LoadFile(string path, SkillCatalog catalog)
    {
        using var reader = new StreamReader(path);
        return Load(reader, catalog, Path.GetFileName(path));
    }

    private static PrePlan ReadPlan(
        YamlReader plan, string type, Severity severity, ScoreWeights typeWeights, string typeRisk, SkillCatalog catalog)
    {
        plan.Mapping(PlanFields);
        var radius = Meters.FromKilometers(plan.Required("radius_km").PositiveNumber());
        var timeout = TimeSpan.FromSeconds(plan.Required("offer_timeout_s").PositiveNumber());
        double overOffer = plan.Optional("over_offer")?.Number() ?? 1.0;
        var weights = plan.Optional("weights") is { } w ? ReadWeights(w) : typeWeights;
        string risk = plan.Optional("risk_statement")?.Text() ?? typeRisk;
        var requirements = (plan.Required("requirements") with { Path = plan.Path }).Items("requirement").Select(r => ReadRequirement(r, catalog)).ToArray();
        var escalation = (plan.Required("escalation") with { Path = plan.Path }).Items("escalation step").Select(ReadStep).ToArray();
        return plan.Build(() => new PrePlan(type, severity, requirements, radius, timeout, overOffer, weights, escalation, risk));
    }

    private static RequirementTemplate ReadRequirement(YamlReader node, SkillCatalog catalog)
    {
        node.Mapping("skill", "min_level", "count");
        var skillNode = node.Required("skill");
        var skill = skillNode.Build(() => catalog.Parse(skillNode.Text()));
        var levelNode = node.Required("min_level");
        int level = levelNode.Int();
        if (level is < 1 or > 3)
        {
            throw levelNode.Error($"a skill level is 1, 2 or 3, got {level}.");
        }

        var countNode = node.Required("count");
        int count = countNode.Int();
        if (count < 1)
        {
            throw countNode.Error($"must be at least 1, got {count}.");
        }

        return node.Build(() => new RequirementTemplate(skill, new SkillLevel(level), count));
    }

    private static EscalationStep ReadStep(YamlReader node)
    {
        var map = node.Mapping("widen_radius_km", "relax_level", "call_team", "alert_commander");
        if (map.Children.Count != 1)
        {
            throw node.Error("an escalation step has exactly one of widen_radius_km, relax_level, call_team, alert_commander.");
        }

        var (key, value) = node.Entries().Single();
        return key switch
        {
            "widen_radius_km" => value.Build<EscalationStep>(() => new EscalationStep.WidenRadius(Meters.FromKilometers(value.PositiveNumber()))),
            "relax_level" => value.Build<EscalationStep>(() => new EscalationStep.RelaxLevel(value.Int())),
            "call_team" => value.Build<EscalationStep>(() => new EscalationStep.CallTeam(value.Text())),
            _ => value.Build<EscalationStep>(() => new EscalationStep.AlertCommander(value.Text())),
        };
    }

    private static ScoreWeights ReadWeights(YamlReader node)
    {
        node.Mapping("eta", "level", "fairness", "reliability");
        return node.Build(() => new ScoreWeights(
            node.Required("eta").Number(), node.Required("level").Number(),
            node.Required("fairness").Number(), node.Required("reliability").Number()));
    }

    private static Severity ParseSeverity(string name, YamlReader node)
    {
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
