using Dispatch.Engine.Matching;
using Dispatch.Engine.Pool;
using NetTopologySuite.Geometries;
using NetTopologySuite.Index.Strtree;

namespace Dispatch.Benchmarks.Match;

/// <summary>NetTopologySuite STRtree baseline: one tree per skill over the available (on-duty, free) volunteers.</summary>
internal sealed class NtsBaseline
{
    private readonly VolunteerPool _pool;
    private readonly SpatialIndex _index;
    private readonly STRtree<int>?[] _trees = new STRtree<int>?[Skill.MaxSkills];

    public NtsBaseline(VolunteerPool pool, SpatialIndex index)
    {
        _pool = pool;
        _index = index;
        foreach (var d in pool.Catalog.All)
        {
            _trees[d.Skill.Code] = new STRtree<int>();
        }

        for (int v = 0; v < pool.Count; v++)
        {
            if (pool.DutyColumn[v] != (byte)DutyState.OnDuty || pool.CommitmentColumn[v] != (byte)CommitmentState.Free)
            {
                continue;
            }

            var envelope = new Envelope(pool.LastLonColumn[v], pool.LastLonColumn[v], pool.LastLatColumn[v], pool.LastLatColumn[v]);
            foreach (var d in pool.Catalog.All)
            {
                if (((pool.SkillLevelsColumn[v] >> (d.Skill.Code * 2)) & 3) != 0)
                {
                    _trees[d.Skill.Code]!.Insert(envelope, v);
                }
            }
        }

        foreach (var tree in _trees)
        {
            tree?.Build();
        }
    }

    public RankedCandidate[] Query(MatchQuery query)
    {
        var tree = _trees[query.Skill.Code]!;
        return ExpandingSearch.Run(_pool, _index, query, radius =>
        {
            var (minLon, minLat, maxLon, maxLat) = ExpandingSearch.Box(query.Location, radius);
            return tree.Query(new Envelope(minLon, maxLon, minLat, maxLat));
        });
    }
}
