using Dispatch.Engine.Geo;

namespace Dispatch.Engine.Drills;

/// <summary>What a drill (应急演练) is called, where it plays and what it trains.</summary>
public sealed record DrillMetadata
{
    /// <summary>Creates metadata; throws <see cref="ArgumentException"/> for a malformed id, blank names or unknown adcodes.</summary>
    /// <param name="id">Stable key, e.g. <c>nanjing_yangtze_flood</c>: lower-case ASCII letters, digits and '_', starting with a letter.</param>
    /// <param name="nameZh">Chinese name shown on the board (the runner adds 【演练】).</param>
    /// <param name="nameEn">English name.</param>
    /// <param name="description">What happens in the scenario.</param>
    /// <param name="cityAdcodes">The Jiangsu prefecture cities the scenario plays in (at least one, no repeats).</param>
    /// <param name="objectives">What the exercise trains, in the trainer's words (at least one).</param>
    public DrillMetadata(
        string id, string nameZh, string nameEn, string description, IReadOnlyList<int> cityAdcodes, IReadOnlyList<string> objectives)
    {
        DrillChecks.Key(id, "Drill id", nameof(id));
        ArgumentException.ThrowIfNullOrWhiteSpace(nameZh);
        ArgumentException.ThrowIfNullOrWhiteSpace(nameEn);
        ArgumentException.ThrowIfNullOrWhiteSpace(description);
        Cities = DrillChecks.Cities(cityAdcodes, nameof(cityAdcodes), allowEmpty: false);
        ArgumentNullException.ThrowIfNull(objectives);
        if (objectives.Count == 0 || objectives.Any(string.IsNullOrWhiteSpace))
        {
            throw new ArgumentException("A drill states at least one objective, none blank.", nameof(objectives));
        }

        Id = id;
        NameZh = nameZh;
        NameEn = nameEn;
        Description = description;
        Objectives = [.. objectives];
    }

    public string Id { get; }

    public string NameZh { get; }

    public string NameEn { get; }

    public string Description { get; }

    /// <summary>The cities, in the order given.</summary>
    public IReadOnlyList<JiangsuCity> Cities { get; }

    public IReadOnlyList<string> Objectives { get; }
}
