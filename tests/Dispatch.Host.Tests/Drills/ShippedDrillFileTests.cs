using System.Text.Json;
using Dispatch.Engine.Drills;
using Dispatch.Engine.Pool;
using Dispatch.Host.Drills;
using Dispatch.Host.Tests.PrePlans;
using YamlDotNet.RepresentationModel;

namespace Dispatch.Host.Tests.Drills;

/// <summary>Every file in <c>drills/</c> loads and agrees with the schema, so none can rot.</summary>
public sealed class ShippedDrillFileTests
{
    private static DrillScenario Load(string file) =>
        DrillScenarioLoader.LoadFile(Path.Combine(ShippedDrills.Folder(), file), SkillCatalog.Default, ShippedPrePlans.Book);

    [Theory]
    [MemberData(nameof(ShippedDrills.Files), MemberType = typeof(ShippedDrills))]
    public void LoadFile_ShippedScenario_LoadsWithRealisticPoolAndBand(string file)
    {
        var scenario = Load(file);

        var pool = Assert.IsType<DrillPoolSource.Generated>(scenario.Pool);
        Assert.InRange(pool.Volunteers, 20_000, 60_000);
        Assert.All(scenario.Metadata.Cities, c => Assert.Contains(c, pool.Cities));
        Assert.True(scenario.Band.Max > scenario.Band.Min, file);
        Assert.Equal(Path.GetFileNameWithoutExtension(file).Replace('-', '_'), scenario.Metadata.Id);
        Assert.All(scenario.Incidents, i => Assert.InRange(i.Location.Point.Latitude, 30.7, 35.2));
        Assert.All(scenario.Incidents, i => Assert.InRange(i.Location.Point.Longitude, 116.3, 121.95));
    }

    [Theory]
    [MemberData(nameof(ShippedDrills.Files), MemberType = typeof(ShippedDrills))]
    public void TopLevelFields_ShippedScenario_RequiredBySchemaPresentAndNoneUnknown(string file)
    {
        using var schema = JsonDocument.Parse(File.ReadAllText(ShippedDrills.SchemaFile));
        var root = schema.RootElement.GetProperty("$defs").GetProperty("scenario");
        var stream = new YamlStream();
        using (var reader = new StreamReader(Path.Combine(ShippedDrills.Folder(), file)))
        {
            stream.Load(reader);
        }

        var keys = ((YamlMappingNode)stream.Documents[0].RootNode).Children.Keys.Select(k => ((YamlScalarNode)k).Value!).ToHashSet();
        Assert.All(root.GetProperty("required").EnumerateArray(), r => Assert.Contains(r.GetString()!, keys));
        Assert.All(keys, k => Assert.True(root.GetProperty("properties").TryGetProperty(k, out _), k));
    }

    [Fact]
    public void Folder_Shipped_HoldsTheFiveJiangsuScenarios()
    {
        var ids = Directory.GetFiles(ShippedDrills.Folder(), "*.yaml").Select(f => Load(Path.GetFileName(f)).Metadata.Id).ToArray();

        Assert.Superset(
            new HashSet<string> { "nanjing_yangtze_flood", "changzhou_chemical_fire", "xuzhou_building_collapse", "yancheng_typhoon_landfall", "wuxi_expressway_pileup" },
            ids.ToHashSet());
    }

    [Fact]
    public void Schema_EveryLoaderMapping_DefinedWithSameFields()
    {
        using var schema = JsonDocument.Parse(File.ReadAllText(ShippedDrills.SchemaFile));
        var defs = schema.RootElement.GetProperty("$defs");

        foreach (var (name, fields) in DrillScenarioLoader.Fields)
        {
            Assert.True(defs.TryGetProperty(name, out var def), $"schema lacks $defs/{name}");
            Assert.False(def.GetProperty("additionalProperties").GetBoolean(), name);
            var properties = def.GetProperty("properties").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal);
            Assert.Equal(fields.Order(StringComparer.Ordinal), properties);
        }

        var required = defs.GetProperty("scenario").GetProperty("required").EnumerateArray().Select(e => e.GetString()!);
        Assert.Equal(DrillScenarioLoader.RequiredTopLevel.Order(StringComparer.Ordinal), required.Order(StringComparer.Ordinal));
        Assert.Equal("#/$defs/scenario", schema.RootElement.GetProperty("$ref").GetString());
    }

    [Fact]
    public void Schema_SeverityAndTypes_MatchEngine()
    {
        using var schema = JsonDocument.Parse(File.ReadAllText(ShippedDrills.SchemaFile));
        var severities = schema.RootElement.GetProperty("$defs").GetProperty("severity").GetProperty("enum").EnumerateArray().Select(e => e.GetString());

        Assert.Equal(Dispatch.Engine.PrePlans.SeverityExtensions.All.Select(s => s.ToString().ToLowerInvariant()), severities);
    }
}
