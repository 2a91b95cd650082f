using Dispatch.Engine.Pool;

namespace Dispatch.Engine.Matching;

/// <summary>
/// The hot matching index: for every skill × level, a grid of cells holding the <see cref="CandidateFacts"/> of
/// volunteers who are on duty and free; for every skill, a grid of the ids of everyone else (off duty or committed),
/// used only to explain shortfalls. Answers "the best k eligible volunteers with skill s at level ≥ l within r of p"
/// exactly — the same answer as scoring every volunteer in the pool — by visiting cells in rings of growing distance and
/// pruning a cell once the best score it could hold cannot beat the k-th best found.
/// </summary>
/// <remarks>
/// Follows its pool: every <see cref="VolunteerPool"/> mutation updates it in O(cell size), no rebuild.
/// Thread safety: queries only read and may run concurrently with each other, never with a pool mutation
/// (one writer; the host serialises writes). Memory: 32 bytes per available volunteer-skill, 4 bytes per other
/// volunteer-skill, plus 12 bytes per grid cell and bucket.
/// </remarks>
public sealed partial class SpatialIndex : IPoolIndex
{
    private const int Levels = 3;

    [ThreadStatic]
    private static TopK? t_topK;

    private readonly VolunteerPool _pool;
    private readonly FactsBucket?[] _available;
    private readonly IdBucket?[] _unavailable;

    private SpatialIndex(VolunteerPool pool, GridSpec grid, ITravelTimeModel travel)
    {
        _pool = pool;
        Grid = grid;
        Travel = travel;
        _available = new FactsBucket?[Skill.MaxSkills * Levels];
        _unavailable = new IdBucket?[Skill.MaxSkills];
        foreach (var d in pool.Catalog.All)
        {
            for (int l = 0; l < Levels; l++)
            {
                _available[(d.Skill.Code * Levels) + l] = new FactsBucket(grid.CellCount);
            }

            _unavailable[d.Skill.Code] = new IdBucket(grid.CellCount);
        }
    }

    public GridSpec Grid { get; }

    public ITravelTimeModel Travel { get; }

    /// <summary>Builds the index over the whole pool and attaches it, so it follows every later change.</summary>
    public static SpatialIndex Build(VolunteerPool pool, ITravelTimeModel? travel = null, GridSpec? grid = null)
    {
        ArgumentNullException.ThrowIfNull(pool);
        var index = new SpatialIndex(pool, grid ?? GridSpec.Jiangsu, travel ?? UrbanRuralTravelModel.Default);
        index.BulkLoad();
        pool.Attach(index);
        return index;
    }

    /// <summary>Stops following the pool.</summary>
    public void Detach() => _pool.Detach(this);

    /// <summary>Volunteer-skill entries that are currently available (on duty and free).</summary>
    public long AvailableEntries => _available.Where(b => b is not null).Sum(b => b!.Total);

    /// <summary>Volunteer-skill entries that are off duty or committed.</summary>
    public long UnavailableEntries => _unavailable.Where(b => b is not null).Sum(b => b!.Total);

    /// <summary>Bytes held by the index: cell arrays (including growth slack) and cell directories.</summary>
    public long MemoryBytes
    {
        get
        {
            long bytes = 0;
            foreach (var b in _available)
            {
                if (b is not null)
                {
                    bytes += b.MemoryBytes();
                }
            }

            foreach (var b in _unavailable)
            {
                if (b is not null)
                {
                    bytes += b.MemoryBytes();
                }
            }

            return bytes;
        }
    }

    private static bool IsAvailable(VolunteerPool pool, int v) =>
        pool.DutyColumn[v] == (byte)DutyState.OnDuty && pool.CommitmentColumn[v] == (byte)CommitmentState.Free;

    void IPoolIndex.Add(VolunteerPool pool, int v)
    {
        int cell = Grid.Cell(pool.LastLatColumn[v], pool.LastLonColumn[v]);
        ushort levels = pool.SkillLevelsColumn[v];
        bool available = IsAvailable(pool, v);
        foreach (var d in pool.Catalog.All)
        {
            int level = SkillLevels.Get(levels, d.Skill);
            if (level == 0)
            {
                continue;
            }

            if (available)
            {
                _available[(d.Skill.Code * Levels) + level - 1]!.Add(cell, CandidateFacts.From(pool, v, d.Skill));
            }
            else
            {
                _unavailable[d.Skill.Code]!.Add(cell, v);
            }
        }
    }

    void IPoolIndex.Remove(VolunteerPool pool, int v)
    {
        int cell = Grid.Cell(pool.LastLatColumn[v], pool.LastLonColumn[v]);
        ushort levels = pool.SkillLevelsColumn[v];
        bool available = IsAvailable(pool, v);
        foreach (var d in pool.Catalog.All)
        {
            int level = SkillLevels.Get(levels, d.Skill);
            if (level == 0)
            {
                continue;
            }

            if (available)
            {
                _available[(d.Skill.Code * Levels) + level - 1]!.Remove(cell, v);
            }
            else
            {
                _unavailable[d.Skill.Code]!.Remove(cell, v);
            }
        }
    }

    private void BulkLoad()
    {
        var pool = _pool;
        int n = pool.Count;
        var cells = new int[n];
        for (int v = 0; v < n; v++)
        {
            cells[v] = Grid.Cell(pool.LastLatColumn[v], pool.LastLonColumn[v]);
        }

        // Count, allocate exactly, fill: no growth copies during the build. Skills are independent, so they load in parallel.
        Parallel.ForEach(pool.Catalog.All, d =>
        {
            var skill = d.Skill;
            var avail = new FactsBucket[Levels];
            for (int l = 0; l < Levels; l++)
            {
                avail[l] = _available[(skill.Code * Levels) + l]!;
            }

            var other = _unavailable[skill.Code]!;
            int shift = skill.Code * 2;
            var levelsColumn = pool.SkillLevelsColumn;
            for (int v = 0; v < n; v++)
            {
                int level = (levelsColumn[v] >> shift) & 3;
                if (level == 0)
                {
                    continue;
                }

                if (IsAvailable(pool, v))
                {
                    avail[level - 1].Counts[cells[v]]++;
                }
                else
                {
                    other.Counts[cells[v]]++;
                }
            }

            foreach (var b in avail)
            {
                b.AllocateFromCounts();
            }

            other.AllocateFromCounts();
            for (int v = 0; v < n; v++)
            {
                int level = (levelsColumn[v] >> shift) & 3;
                if (level == 0)
                {
                    continue;
                }

                if (IsAvailable(pool, v))
                {
                    avail[level - 1].Add(cells[v], CandidateFacts.From(pool, v, skill));
                }
                else
                {
                    other.Add(cells[v], v);
                }
            }
        });
    }

    private FactsBucket AvailableBucket(Skill skill, int level) =>
        _available[(skill.Code * Levels) + level - 1]
        ?? throw new ArgumentException($"Skill code {skill.Code} is not in this pool's catalog.", nameof(skill));
}
