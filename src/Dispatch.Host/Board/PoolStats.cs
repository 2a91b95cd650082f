using Dispatch.Board.Ports;
using Dispatch.Engine.Geo;
using Dispatch.Engine.Pool;
using Dispatch.Host.Startup;
using Microsoft.Extensions.Options;

namespace Dispatch.Host.Board;

/// <summary>
/// Pool aggregates for the board, computed from the live pool and cached briefly so that many circuits and a burst of
/// changes share one pass: the density grid per cell size (never individual people) and the per-city overview with
/// expiring certifications and insurance. Reads without the writer lock: counts tolerate a volunteer mid-change.
/// Thread-safe.
/// </summary>
internal sealed class PoolStats(LivePool live, TimeProvider time, IOptions<BoardOptions> options)
{
    /// <summary>How long a computed aggregate is served before it is recomputed.</summary>
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(5);

    /// <summary>The most cells one density answer holds.</summary>
    public const int MaxCells = 6_000;

    private readonly Lock _gate = new();
    private readonly Dictionary<double, (DateTimeOffset At, Dictionary<(int Row, int Col), (int All, int Free)> Grid)> _grids = [];
    private (DateTimeOffset At, PoolOverview Overview)? _overview;

    /// <summary>Cell size in degrees for a Leaflet zoom level: about 25 km at the province view down to about 2 km.</summary>
    public static double CellDegrees(int zoom) => zoom switch
    {
        <= 7 => 0.2,
        8 => 0.1,
        9 => 0.05,
        10 => 0.025,
        _ => 0.02,
    };

    public IReadOnlyList<DensityCell> Density(double south, double west, double north, double east, int zoom)
    {
        double size = CellDegrees(zoom);
        var grid = GridOf(size);
        var cells = new List<DensityCell>();
        int row0 = (int)Math.Floor(south / size), row1 = (int)Math.Floor(north / size);
        int col0 = (int)Math.Floor(west / size), col1 = (int)Math.Floor(east / size);
        foreach (var ((row, col), (all, free)) in grid)
        {
            if (row < row0 || row > row1 || col < col0 || col > col1)
            {
                continue;
            }

            cells.Add(new DensityCell(row * size, col * size, (row + 1) * size, (col + 1) * size, all, free));
            if (cells.Count == MaxCells)
            {
                break;
            }
        }

        return cells;
    }

    private Dictionary<(int Row, int Col), (int All, int Free)> GridOf(double size)
    {
        var now = time.GetUtcNow();
        lock (_gate)
        {
            if (_grids.TryGetValue(size, out var cached) && now - cached.At < CacheFor)
            {
                return cached.Grid;
            }
        }

        var pool = live.Pool;
        var grid = new Dictionary<(int, int), (int, int)>();
        for (int v = 0; v < pool.Count; v++)
        {
            var id = new VolunteerId(v);
            var at = pool.LastKnown(id);
            var key = ((int)Math.Floor(at.Latitude / size), (int)Math.Floor(at.Longitude / size));
            bool free = pool.Duty(id) == DutyState.OnDuty && pool.Commitment(id) == CommitmentState.Free;
            grid.TryGetValue(key, out var count);
            grid[key] = (count.Item1 + 1, count.Item2 + (free ? 1 : 0));
        }

        lock (_gate)
        {
            _grids[size] = (now, grid);
        }

        return grid;
    }

    public PoolOverview Overview()
    {
        var now = time.GetUtcNow();
        lock (_gate)
        {
            if (_overview is { } cached && now - cached.At < CacheFor)
            {
                return cached.Overview;
            }
        }

        var overview = Compute(now);
        lock (_gate)
        {
            _overview = (now, overview);
        }

        return overview;
    }

    private PoolOverview Compute(DateTimeOffset now)
    {
        var pool = live.Pool;
        int days = options.Value.ExpiringWithinDays;
        var today = DateOnly.FromDateTime(now.ToOffset(TimeSpan.FromHours(8)).DateTime);
        var horizon = today.AddDays(days);
        var skills = pool.Catalog.All;
        var cities = new Tally[JiangsuCity.All.Count];
        var perSkill = new Tally[JiangsuCity.All.Count, skills.Count];
        var certExpiring = new int[JiangsuCity.All.Count];
        var insuranceExpiring = new int[JiangsuCity.All.Count];
        for (int v = 0; v < pool.Count; v++)
        {
            var volunteer = pool.Get(new VolunteerId(v));
            int city = volunteer.City;
            bool onDuty = volunteer.Duty == DutyState.OnDuty;
            bool committed = volunteer.Commitment != CommitmentState.Free;
            cities[city].Add(onDuty, committed);
            bool certSoon = false;
            foreach (var skill in volunteer.Skills)
            {
                int s = IndexOf(skills, skill.Skill);
                if (s >= 0)
                {
                    perSkill[city, s].Add(onDuty, committed);
                }

                certSoon |= skill.CertificationValidUntil is { } until && until >= today && until <= horizon;
            }

            certExpiring[city] += certSoon ? 1 : 0;
            insuranceExpiring[city] += volunteer.InsuranceValidUntil is { } cover && cover >= today && cover <= horizon ? 1 : 0;
        }

        var views = JiangsuCity.All.Select(c => new CityPoolView(
            c.Adcode, c.NameZh, c.NameEn, cities[c.Index].Volunteers, cities[c.Index].OnDuty, cities[c.Index].Free, cities[c.Index].Committed,
            certExpiring[c.Index], insuranceExpiring[c.Index],
            [.. skills.Select((d, s) => new SkillPoolView(
                d.Key, d.NameZh, d.NameEn, perSkill[c.Index, s].Volunteers, perSkill[c.Index, s].OnDuty, perSkill[c.Index, s].Free, perSkill[c.Index, s].Committed))])).ToList();
        return new PoolOverview(pool.Count, pool.Teams.Count, views.Sum(c => c.OnDuty), views.Sum(c => c.Free), views.Sum(c => c.Committed), days, views);
    }

    private static int IndexOf(IReadOnlyList<SkillDefinition> skills, Skill skill)
    {
        for (int i = 0; i < skills.Count; i++)
        {
            if (skills[i].Skill == skill)
            {
                return i;
            }
        }

        return -1;
    }

    private struct Tally
    {
        public int Volunteers;
        public int OnDuty;
        public int Free;
        public int Committed;

        public void Add(bool onDuty, bool committed)
        {
            Volunteers++;
            OnDuty += onDuty ? 1 : 0;
            Free += onDuty && !committed ? 1 : 0;
            Committed += committed ? 1 : 0;
        }
    }
}
