using Dispatch.Engine.Geo;
using Dispatch.Engine.Pool;

namespace Dispatch.Engine.Matching;

/// <summary>
/// One ranking question: the best <see cref="Count"/> eligible volunteers with <see cref="Skill"/> at level
/// ≥ <see cref="MinLevel"/> within <see cref="Radius"/> of <see cref="Location"/>, at <see cref="Now"/>.
/// </summary>
public sealed record MatchQuery
{
    /// <summary>The largest <see cref="Count"/> a query may ask for.</summary>
    public const int MaxCount = 10_000;

    public MatchQuery(GeoPoint location, Skill skill, SkillLevel minLevel, Meters radius, int count, DateTimeOffset now)
    {
        if (minLevel.Value is < 1 or > 3)
        {
            throw new ArgumentOutOfRangeException(nameof(minLevel), minLevel, "The minimum level is 1, 2 or 3.");
        }

        if (!double.IsFinite(radius.Value) || radius.Value <= 0 || radius.Value > 2_000_000)
        {
            throw new ArgumentOutOfRangeException(nameof(radius), radius, "The radius must be a positive distance up to 2,000 km.");
        }

        if (count is < 1 or > MaxCount)
        {
            throw new ArgumentOutOfRangeException(nameof(count), count, $"The count must be between 1 and {MaxCount}.");
        }

        Location = location;
        Skill = skill;
        MinLevel = minLevel;
        Radius = radius;
        Count = count;
        Now = now;
    }

    public GeoPoint Location { get; }
    public Skill Skill { get; }
    public SkillLevel MinLevel { get; }
    public Meters Radius { get; }
    public int Count { get; }
    public DateTimeOffset Now { get; }

    /// <summary>Hazardous tasks need insurance through <see cref="MatchPolicy.HazardousTaskWindow"/>.</summary>
    public bool Hazardous { get; init; }

    public ScoreWeights Weights { get; init; } = ScoreWeights.Default;

    /// <summary>The same question asking for <paramref name="count"/> candidates.</summary>
    public MatchQuery WithCount(int count) => new(Location, Skill, MinLevel, Radius, count, Now)
    {
        Hazardous = Hazardous,
        Weights = Weights,
        Policy = Policy,
    };

    public MatchPolicy Policy { get; init; } = MatchPolicy.Default;
}
