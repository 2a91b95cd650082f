using Dispatch.Engine.Geo;

namespace Dispatch.Engine.Matching;

public sealed partial class SpatialIndex
{
    /// <summary>
    /// Explains a requirement that the query cannot fill: every volunteer with the skill (any level, any state) inside
    /// the radius, counted under the first rule they fail. Visits only the cells the radius touches. The first call builds
    /// the part of the index that holds off-duty and committed volunteers (seconds at 23 million). Slower than a
    /// query (it reads the pool for off-duty and committed people); meant for the rare unfilled requirement.
    /// </summary>
    public Shortfall ExplainShortfall(MatchQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (!_pool.Catalog.Contains(query.Skill))
        {
            throw new ArgumentException($"Skill code {query.Skill.Code} is not in this pool's catalog.", nameof(query));
        }

        var eval = new CandidateEvaluator(query, Travel);
        var tally = new ShortfallTally();
        var g = Grid;
        double radiusDegLat = query.Radius.Value / (Math.PI / 180 * Haversine.EarthRadiusMeters);
        double cos = Math.Max(eval.CosLatitude, 1e-6);
        double radiusDegLon = Math.Min(360, radiusDegLat / cos);
        int rowLo = g.Row(eval.Latitude - radiusDegLat), rowHi = g.Row(eval.Latitude + radiusDegLat);
        int colLo = g.Column(eval.Longitude - radiusDegLon), colHi = g.Column(eval.Longitude + radiusDegLon);
        int shift = query.Skill.Code * 2;
        var other = EnsureOthers()[query.Skill.Code]!;
        for (int row = rowLo; row <= rowHi; row++)
        {
            for (int col = colLo; col <= colHi; col++)
            {
                double bound = DistanceBounds.ToRectangle(eval.Latitude, eval.Longitude, eval.CosLatitude,
                    g.RowSouth(row), g.RowNorth(row), g.ColumnWest(col), g.ColumnEast(col));
                if (bound > eval.RadiusMeters)
                {
                    continue;
                }

                int cell = (row * g.Columns) + col;
                ref readonly var available = ref AvailableGrid(query.Skill).Cells[cell];
                for (int level = 1; level <= Levels; level++)
                {
                    var items = available.Items[level - 1];
                    for (int i = 0; i < available.Counts[level - 1]; i++)
                    {
                        tally.Count(ShortfallTally.Classify(_pool, items![i].Volunteer, level, query.Skill, in eval));
                    }
                }

                var ids = other.Items[cell];
                for (int i = 0; i < other.Counts[cell]; i++)
                {
                    int v = ids![i];
                    tally.Count(ShortfallTally.Classify(_pool, v, (_pool.SkillLevelsColumn[v] >> shift) & 3, query.Skill, in eval));
                }
            }
        }

        return tally.ToShortfall(query.Count);
    }
}
