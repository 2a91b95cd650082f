using Dispatch.Engine.Geo;
using Dispatch.Engine.Pool;

namespace Dispatch.Engine.Drills;

/// <summary>Where a drill's volunteers come from: a generated pool or a snapshot file. Never the live pool.</summary>
public abstract record DrillPoolSource
{
    private protected DrillPoolSource()
    {
    }

    /// <summary>A synthetic pool built by <see cref="PoolGenerator"/>: the same size, seed and cities give the same pool.</summary>
    public sealed record Generated : DrillPoolSource
    {
        /// <summary>Largest pool a drill may generate; larger exercises should use a snapshot.</summary>
        public const int MaxVolunteers = 2_000_000;

        /// <param name="volunteers">Pool size, 1 … <see cref="MaxVolunteers"/>.</param>
        /// <param name="seed">Generator seed.</param>
        /// <param name="cityAdcodes">Cities to generate; empty means all 13.</param>
        public Generated(int volunteers, ulong seed, IReadOnlyList<int> cityAdcodes)
        {
            if (volunteers is < 1 or > MaxVolunteers)
            {
                throw new ArgumentOutOfRangeException(nameof(volunteers), volunteers, $"A generated drill pool has 1 to {MaxVolunteers:N0} volunteers.");
            }

            Volunteers = volunteers;
            Seed = seed;
            Cities = DrillChecks.Cities(cityAdcodes, nameof(cityAdcodes), allowEmpty: true);
        }

        public int Volunteers { get; }

        public ulong Seed { get; }

        /// <summary>The cities generated; empty means all 13.</summary>
        public IReadOnlyList<JiangsuCity> Cities { get; }

        /// <summary>The generator options for a drill starting at <paramref name="start"/> on the virtual clock.</summary>
        public PoolGeneratorOptions ToOptions(DateTimeOffset start) => new()
        {
            Volunteers = Volunteers,
            Seed = Seed,
            Now = start,
            Cities = Cities.Count == 0 ? null : [.. Cities.Select(c => c.Adcode)],
        };
    }

    /// <summary>A pool snapshot file (<c>.dpool</c>); a relative path is relative to the scenario file's folder.</summary>
    public sealed record Snapshot : DrillPoolSource
    {
        public Snapshot(string path)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(path);
            Path = path;
        }

        public string Path { get; }
    }
}
