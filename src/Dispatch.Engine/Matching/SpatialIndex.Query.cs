namespace Dispatch.Engine.Matching;

public sealed partial class SpatialIndex
{
    /// <summary>
    /// Bounds and scores add the same terms in different orders; a bound is trusted to prune only when it is below
    /// the threshold by more than any rounding difference.
    /// </summary>
    private const double BoundSlack = 1e-9;

    /// <summary>The best candidates for <paramref name="query"/>, best first (at most <see cref="MatchQuery.Count"/>).</summary>
    public RankedCandidate[] Query(MatchQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var buffer = new RankedCandidate[query.Count];
        int n = Query(query, buffer);
        return n == buffer.Length ? buffer : buffer[..n];
    }

    /// <summary>
    /// Writes the best candidates for <paramref name="query"/> into <paramref name="destination"/>, best first, and
    /// returns how many. Allocation-free after the first call on a thread.
    /// </summary>
    /// <exception cref="ArgumentException">The skill is not in the pool's catalog, or the destination is shorter than the count.</exception>
    public int Query(MatchQuery query, Span<RankedCandidate> destination)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (destination.Length < query.Count)
        {
            throw new ArgumentException($"The destination holds {destination.Length} candidates; the query asks for {query.Count}.", nameof(destination));
        }

        if (!_pool.Catalog.Contains(query.Skill))
        {
            throw new ArgumentException($"Skill code {query.Skill.Code} is not in this pool's catalog.", nameof(query));
        }

        var scratch = t_scratch;
        if (scratch is null || scratch.GridSpec != Grid)
        {
            scratch = t_scratch = new QueryScratch(Grid);
        }

        var eval = new CandidateEvaluator(query, Travel);
        scratch.Begin(query, this, in eval);
        var g = Grid;
        int qRow = g.Row(eval.Latitude);
        int qCol = g.Column(eval.Longitude);
        int maxRing = Math.Max(Math.Max(qRow, g.Rows - 1 - qRow), Math.Max(qCol, g.Columns - 1 - qCol));
        var top = scratch.Top;
        for (int ring = 0; ring <= maxRing; ring++)
        {
            if (ring > 0)
            {
                // Every cell of this ring lies outside the block of the rings before it.
                double ringBound = DistanceBounds.ToOutside(
                    eval.Latitude, eval.Longitude, eval.CosLatitude,
                    g.RowSouth(qRow - ring + 1), g.RowNorth(qRow + ring - 1),
                    g.ColumnWest(qCol - ring + 1), g.ColumnEast(qCol + ring - 1));
                if (ringBound > eval.RadiusMeters || (top.IsFull && eval.UpperBound(ringBound, Levels) < top.Threshold - BoundSlack))
                {
                    break;
                }
            }

            VisitRing(ring, qRow, qCol, scratch, in eval);
        }

        return top.CopySorted(destination);
    }

    private void VisitRing(int ring, int qRow, int qCol, QueryScratch scratch, in CandidateEvaluator eval)
    {
        var g = Grid;
        var blocks = scratch.BlockCounts;
        int rowLo = qRow - ring, rowHi = qRow + ring, colLo = qCol - ring, colHi = qCol + ring;
        int firstCol = Math.Max(colLo, 0), lastCol = Math.Min(colHi, g.Columns - 1);
        for (int row = Math.Max(rowLo, 0); row <= Math.Min(rowHi, g.Rows - 1); row++)
        {
            int blockRow = (row >> BlockShift) * _blockColumns;
            if (row == rowLo || row == rowHi)
            {
                // A whole edge of the ring: hop over empty blocks eight cells at a time.
                for (int col = firstCol; col <= lastCol;)
                {
                    if (blocks[blockRow + (col >> BlockShift)] == 0)
                    {
                        col = ((col >> BlockShift) + 1) << BlockShift;
                        continue;
                    }

                    VisitCell(row, col, scratch, in eval);
                    col++;
                }
            }
            else
            {
                if (colLo >= 0 && blocks[blockRow + (colLo >> BlockShift)] != 0)
                {
                    VisitCell(row, colLo, scratch, in eval);
                }

                if (colHi < g.Columns && blocks[blockRow + (colHi >> BlockShift)] != 0)
                {
                    VisitCell(row, colHi, scratch, in eval);
                }
            }
        }
    }

    private void VisitCell(int row, int col, QueryScratch scratch, in CandidateEvaluator eval)
    {
        ref readonly var cell = ref scratch.Grid.Cells[(row * Grid.Columns) + col];
        if (cell.Total == 0)
        {
            return;
        }

        double bound = Math.Max(scratch.RowGap(row, in eval), scratch.ColumnGap(col, in eval));
        if (bound > eval.RadiusMeters)
        {
            return;
        }

        var top = scratch.Top;
        double etaBound = eval.EtaPartBound(bound);
        double rowCos = scratch.RowMinCos(row);
        for (int level = Levels; level >= scratch.MinLevel; level--)
        {
            int count = cell.Counts[level - 1];
            if (count == 0)
            {
                continue;
            }

            double levelPart = eval.LevelPart(level);
            if (top.IsFull && etaBound + levelPart + eval.MaxPersonalPart < top.Threshold - BoundSlack)
            {
                continue;
            }

            var items = cell.Items[level - 1]!;
            for (int i = 0; i < count; i++)
            {
                ref readonly var facts = ref items[i];

                // Cheap parts first: a trigonometry-free distance bound and the exact personal part. Only someone who
                // could still enter the top k pays for the haversine and the travel model.
                if (top.IsFull)
                {
                    double reach = eval.EtaPartBound(eval.CheapDistanceBound(facts, rowCos)) + levelPart + eval.PersonalPart(facts);
                    if (reach < top.Threshold - BoundSlack)
                    {
                        continue;
                    }
                }

                if (eval.Evaluate(facts, level, out var candidate) == Ineligibility.None)
                {
                    top.Offer(candidate);
                }
            }
        }
    }

    /// <summary>Per-thread buffers of one query: the top-k heap and distance bounds per grid row and column.</summary>
    private sealed class QueryScratch
    {
        private readonly double[] _rowGap;
        private readonly double[] _columnGap;
        private readonly double[] _rowMinCos;
        private readonly int[] _rowStamp;
        private readonly int[] _columnStamp;
        private int _stamp;

        public QueryScratch(GridSpec grid)
        {
            GridSpec = grid;
            _rowGap = new double[grid.Rows];
            _rowMinCos = new double[grid.Rows];
            _rowStamp = new int[grid.Rows];
            _columnGap = new double[grid.Columns];
            _columnStamp = new int[grid.Columns];
        }

        public GridSpec GridSpec { get; }
        public TopK Top { get; } = new(16);
        public SkillGrid Grid { get; private set; } = null!;
        public int MinLevel { get; private set; }
        public int[] BlockCounts { get; private set; } = [];

        public void Begin(MatchQuery query, SpatialIndex index, in CandidateEvaluator eval)
        {
            Top.Reset(query.Count);
            MinLevel = query.MinLevel.Value;
            Grid = index.AvailableGrid(query.Skill);
            BlockCounts = index._blockCounts[query.Skill.Code]!;
            if (++_stamp == int.MaxValue)
            {
                Array.Clear(_rowStamp);
                Array.Clear(_columnStamp);
                _stamp = 1;
            }
        }

        /// <summary>Metres from the query to the row's latitude band (0 inside): the meridian arc.</summary>
        public double RowGap(int row, in CandidateEvaluator eval)
        {
            if (_rowStamp[row] != _stamp)
            {
                double south = GridSpec.RowSouth(row), north = GridSpec.RowNorth(row);
                double lat = eval.Latitude;
                _rowGap[row] = lat < south ? DistanceBounds.LatitudeGap(south - lat) : lat > north ? DistanceBounds.LatitudeGap(lat - north) : 0;
                _rowMinCos[row] = Math.Cos(Math.Max(Math.Abs(south), Math.Abs(north)) * (Math.PI / 180));
                _rowStamp[row] = _stamp;
            }

            return _rowGap[row];
        }

        /// <summary>The smallest cosine of latitude inside the row band (valid after <see cref="RowGap"/>).</summary>
        public double RowMinCos(int row) => _rowMinCos[row];

        /// <summary>Metres from the query to the column's longitude band (0 inside): the distance to its meridian's great circle.</summary>
        public double ColumnGap(int column, in CandidateEvaluator eval)
        {
            if (_columnStamp[column] != _stamp)
            {
                double west = GridSpec.ColumnWest(column), east = GridSpec.ColumnEast(column);
                double lon = eval.Longitude;
                double d = DistanceBounds.DegreesToBand(lon, west, east);
                _columnGap[column] = d > 0 ? DistanceBounds.LongitudeGap(eval.CosLatitude, d) : 0;
                _columnStamp[column] = _stamp;
            }

            return _columnGap[column];
        }
    }
}
