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

        var top = t_topK ??= new TopK(query.Count);
        top.Reset(query.Count);
        var eval = new CandidateEvaluator(query, Travel);
        int minLevel = query.MinLevel.Value;
        var buckets = new FactsBucket[Levels];
        for (int l = minLevel; l <= Levels; l++)
        {
            buckets[l - 1] = AvailableBucket(query.Skill, l);
        }

        var g = Grid;
        int qRow = g.Row(eval.Latitude);
        int qCol = g.Column(eval.Longitude);
        int maxRing = Math.Max(Math.Max(qRow, g.Rows - 1 - qRow), Math.Max(qCol, g.Columns - 1 - qCol));
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

            VisitRing(ring, qRow, qCol, buckets, minLevel, in eval, top);
        }

        return top.CopySorted(destination);
    }

    private void VisitRing(int ring, int qRow, int qCol, FactsBucket[] buckets, int minLevel, in CandidateEvaluator eval, TopK top)
    {
        var g = Grid;
        var blocks = _blockCounts[eval.Query.Skill.Code]!;
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

                    VisitCell((row * g.Columns) + col, row, col, buckets, minLevel, in eval, top);
                    col++;
                }
            }
            else
            {
                if (colLo >= 0 && blocks[blockRow + (colLo >> BlockShift)] != 0)
                {
                    VisitCell((row * g.Columns) + colLo, row, colLo, buckets, minLevel, in eval, top);
                }

                if (colHi < g.Columns && blocks[blockRow + (colHi >> BlockShift)] != 0)
                {
                    VisitCell((row * g.Columns) + colHi, row, colHi, buckets, minLevel, in eval, top);
                }
            }
        }
    }

    private void VisitCell(int cell, int row, int col, FactsBucket[] buckets, int minLevel, in CandidateEvaluator eval, TopK top)
    {
        double etaBound = -1;
        for (int level = Levels; level >= minLevel; level--)
        {
            var bucket = buckets[level - 1];
            int count = bucket.Counts[cell];
            if (count == 0)
            {
                continue;
            }

            if (etaBound < 0)
            {
                var g = Grid;
                double bound = DistanceBounds.ToRectangle(eval.Latitude, eval.Longitude, eval.CosLatitude,
                    g.RowSouth(row), g.RowNorth(row), g.ColumnWest(col), g.ColumnEast(col));
                if (bound > eval.RadiusMeters)
                {
                    return;
                }

                etaBound = eval.EtaPartBound(bound);
            }

            double levelPart = eval.LevelPart(level);
            if (top.IsFull && etaBound + levelPart + eval.MaxPersonalPart < top.Threshold - BoundSlack)
            {
                continue;
            }

            var items = bucket.Items[cell]!;
            for (int i = 0; i < count; i++)
            {
                ref readonly var facts = ref items[i];

                // Cheap exact parts first: skip the trigonometry when even the best ETA could not lift this person into the top k.
                if (top.IsFull && etaBound + levelPart + eval.PersonalPart(facts) < top.Threshold - BoundSlack)
                {
                    continue;
                }

                if (eval.Evaluate(facts, level, out var candidate) == Ineligibility.None)
                {
                    top.Offer(candidate);
                }
            }
        }
    }
}
