using Dispatch.Engine.Pool;

namespace Dispatch.Engine.Matching;

/// <summary>
/// The hot matching index: for every skill × level, a grid of cells holding the <see cref="CandidateFacts"/> of
/// volunteers who are on duty and free (the hot part); for every skill, a grid of the ids of everyone else (off duty
/// or committed), built on first use and used only to explain shortfalls. Answers "the best k eligible volunteers with skill s at level ≥ l within r of p"
/// exactly — the same answer as scoring every volunteer in the pool — by visiting cells in rings of growing distance and
/// pruning a cell once the best score it could hold cannot beat the k-th best found.
/// </summary>
/// <remarks>
/// Follows its pool: every <see cref="VolunteerPool"/> mutation updates it in O(cell size), no rebuild.
/// Thread safety: queries only read and may run concurrently with each other, never with a pool mutation
/// (one writer; the host serialises writes). Memory: 32 bytes per available volunteer-skill plus 12 bytes per grid
/// cell and bucket in the hot part; 4 bytes per other volunteer-skill in the shortfall part once built.
/// </remarks>
public sealed partial class SpatialIndex : IPoolIndex
{
    private const int Levels = 3;

    /// <summary>Cells per block side (as a shift): blocks of 8 × 8 cells let a query skip empty country fast.</summary>
    private const int BlockShift = 3;

    [ThreadStatic]
    private static QueryScratch? t_scratch;

    private readonly VolunteerPool _pool;
    private readonly SkillGrid?[] _available;

    // Per skill: available entries (all levels) per block of cells, small enough to stay in cache.
    private readonly int[]?[] _blockCounts;
    private readonly int _blockColumns;

    private readonly Lock _othersLock = new();

    // Per skill: ids of volunteers with the skill who are off duty or committed. Null until a shortfall needs it.
    private IdBucket?[]? _others;

    private SpatialIndex(VolunteerPool pool, GridSpec grid, ITravelTimeModel travel)
    {
        _pool = pool;
        Grid = grid;
        Travel = travel;
        _available = new SkillGrid?[Skill.MaxSkills];
        _blockCounts = new int[]?[Skill.MaxSkills];
        _blockColumns = (grid.Columns + (1 << BlockShift) - 1) >> BlockShift;
        int blockRows = (grid.Rows + (1 << BlockShift) - 1) >> BlockShift;
        foreach (var d in pool.Catalog.All)
        {
            _available[d.Skill.Code] = new SkillGrid(grid.CellCount);
            _blockCounts[d.Skill.Code] = new int[blockRows * _blockColumns];
        }
    }

    public GridSpec Grid { get; }

    public ITravelTimeModel Travel { get; }

    /// <summary>Builds the hot index over the whole pool and attaches it, so it follows every later change.</summary>
    public static SpatialIndex Build(VolunteerPool pool, ITravelTimeModel? travel = null, GridSpec? grid = null)
    {
        ArgumentNullException.ThrowIfNull(pool);
        var index = new SpatialIndex(pool, grid ?? GridSpec.Jiangsu, travel ?? UrbanRuralTravelModel.Default);
        index.LoadAvailable();
        pool.Attach(index);
        return index;
    }

    /// <summary>Stops following the pool.</summary>
    public void Detach() => _pool.Detach(this);

    /// <summary>Volunteer-skill entries that are currently available (on duty and free).</summary>
    public long AvailableEntries => _available.Where(b => b is not null).Sum(b => b!.Total);

    /// <summary>Bytes of the hot part: cell arrays (with growth slack), cell directories and block counts.</summary>
    public long MemoryBytes =>
        _available.Where(b => b is not null).Sum(b => b!.MemoryBytes())
        + _blockCounts.Where(b => b is not null).Sum(b => b!.Length * 4L);

    /// <summary>Bytes of the shortfall part; zero until it is built.</summary>
    public long ShortfallMemoryBytes => _others?.Where(b => b is not null).Sum(b => b!.MemoryBytes()) ?? 0;

    /// <summary>
    /// Builds the shortfall part now rather than on the first <see cref="ExplainShortfall"/>. Like a pool mutation, it
    /// must not overlap writes.
    /// </summary>
    public void PrepareShortfallIndex() => EnsureOthers();

    private static bool IsAvailable(VolunteerPool pool, int v) =>
        pool.DutyColumn[v] == (byte)DutyState.OnDuty && pool.CommitmentColumn[v] == (byte)CommitmentState.Free;

    private int BlockOf(int cell)
    {
        int row = cell / Grid.Columns;
        int col = cell - (row * Grid.Columns);
        return ((row >> BlockShift) * _blockColumns) + (col >> BlockShift);
    }

    void IPoolIndex.Add(VolunteerPool pool, int v) => Apply(pool, v, add: true);

    void IPoolIndex.Remove(VolunteerPool pool, int v) => Apply(pool, v, add: false);

    private void Apply(VolunteerPool pool, int v, bool add)
    {
        int cell = Grid.Cell(pool.LastLatColumn[v], pool.LastLonColumn[v]);
        ushort levels = pool.SkillLevelsColumn[v];
        bool available = IsAvailable(pool, v);
        var others = _others;
        foreach (var d in pool.Catalog.All)
        {
            int level = SkillLevels.Get(levels, d.Skill);
            if (level == 0)
            {
                continue;
            }

            if (available)
            {
                var skillGrid = _available[d.Skill.Code]!;
                if (add)
                {
                    skillGrid.Add(cell, level, CandidateFacts.From(pool, v, d.Skill));
                    _blockCounts[d.Skill.Code]![BlockOf(cell)]++;
                }
                else
                {
                    skillGrid.Remove(cell, level, v);
                    _blockCounts[d.Skill.Code]![BlockOf(cell)]--;
                }
            }
            else if (others is not null)
            {
                if (add)
                {
                    others[d.Skill.Code]!.Add(cell, v);
                }
                else
                {
                    others[d.Skill.Code]!.Remove(cell, v);
                }
            }
        }
    }

    /// <summary>Counts, allocates exactly, then fills: no growth copies. Only the ~5–10 % available are touched twice.</summary>
    private void LoadAvailable()
    {
        var pool = _pool;
        var ids = new List<int>();
        for (int v = 0; v < pool.Count; v++)
        {
            if (IsAvailable(pool, v))
            {
                ids.Add(v);
            }
        }

        var cells = new int[ids.Count];
        for (int i = 0; i < ids.Count; i++)
        {
            int v = ids[i];
            int cell = Grid.Cell(pool.LastLatColumn[v], pool.LastLonColumn[v]);
            cells[i] = cell;
            foreach (var d in pool.Catalog.All)
            {
                int level = SkillLevels.Get(pool.SkillLevelsColumn[v], d.Skill);
                if (level != 0)
                {
                    _available[d.Skill.Code]!.Cells[cell].Counts[level - 1]++;
                }
            }
        }

        foreach (var b in _available)
        {
            b?.AllocateFromCounts();
        }

        for (int i = 0; i < ids.Count; i++)
        {
            int v = ids[i];
            foreach (var d in pool.Catalog.All)
            {
                int level = SkillLevels.Get(pool.SkillLevelsColumn[v], d.Skill);
                if (level != 0)
                {
                    _available[d.Skill.Code]!.Add(cells[i], level, CandidateFacts.From(pool, v, d.Skill));
                    _blockCounts[d.Skill.Code]![BlockOf(cells[i])]++;
                }
            }
        }
    }

    private IdBucket?[] EnsureOthers()
    {
        lock (_othersLock)
        {
            if (_others is { } built)
            {
                return built;
            }

            var pool = _pool;
            var others = new IdBucket?[Skill.MaxSkills];
            foreach (var d in pool.Catalog.All)
            {
                others[d.Skill.Code] = new IdBucket(Grid.CellCount);
            }

            // Skills are independent, so they load in parallel; each counts, allocates exactly, then fills.
            Parallel.ForEach(pool.Catalog.All, d =>
            {
                var bucket = others[d.Skill.Code]!;
                int shift = d.Skill.Code * 2;
                for (int pass = 0; pass < 2; pass++)
                {
                    for (int v = 0; v < pool.Count; v++)
                    {
                        if (((pool.SkillLevelsColumn[v] >> shift) & 3) == 0 || IsAvailable(pool, v))
                        {
                            continue;
                        }

                        int cell = Grid.Cell(pool.LastLatColumn[v], pool.LastLonColumn[v]);
                        if (pass == 0)
                        {
                            bucket.Counts[cell]++;
                        }
                        else
                        {
                            bucket.Add(cell, v);
                        }
                    }

                    if (pass == 0)
                    {
                        bucket.AllocateFromCounts();
                    }
                }
            });
            _others = others;
            return others;
        }
    }

    private SkillGrid AvailableGrid(Skill skill) =>
        _available[skill.Code]
        ?? throw new ArgumentException($"Skill code {skill.Code} is not in this pool's catalog.", nameof(skill));
}
