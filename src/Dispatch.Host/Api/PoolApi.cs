using Dispatch.Engine.Geo;
using Dispatch.Engine.Pool;
using Dispatch.Host.Auth;
using Dispatch.Host.Startup;

namespace Dispatch.Host.Api;

/// <summary><c>/api/pool</c>: pool-wide aggregates for commanders, trainers and admins.</summary>
internal static class PoolApi
{
    public static IEndpointRouteBuilder MapPoolApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapApiGroup("pool", DispatchPolicies.PoolReader, "Pool");
        group.MapGet("/summary", (LivePool live) => TypedResults.Ok(PoolSummaryView.Of(live.Pool)))
            .WithName("GetPoolSummary")
            .WithSummary("Counts per city × skill: volunteers, on duty, free (on duty and not committed), committed (offered or assigned).");
        return routes;
    }
}

public sealed record PoolSummaryView(int Volunteers, int Teams, int OnDuty, int Free, int Committed, IReadOnlyList<CitySummaryView> Cities)
{
    /// <summary>One pass over the columns: O(volunteers × skills). Read without the writer lock (counts tolerate a race).</summary>
    public static PoolSummaryView Of(VolunteerPool pool)
    {
        ArgumentNullException.ThrowIfNull(pool);
        var skills = pool.Catalog.All;
        var cities = new Tally[JiangsuCity.All.Count];
        var perSkill = new Tally[JiangsuCity.All.Count, skills.Count];
        for (int v = 0; v < pool.Count; v++)
        {
            var id = new VolunteerId(v);
            int city = pool.City(id);
            bool onDuty = pool.Duty(id) == DutyState.OnDuty;
            bool committed = pool.Commitment(id) != CommitmentState.Free;
            cities[city].Add(onDuty, committed);
            for (int s = 0; s < skills.Count; s++)
            {
                if (pool.LevelOf(id, skills[s].Skill) is not null)
                {
                    perSkill[city, s].Add(onDuty, committed);
                }
            }
        }

        var views = JiangsuCity.All.Select(c => new CitySummaryView(
                c.Adcode, c.NameZh, c.NameEn, cities[c.Index].Volunteers, cities[c.Index].OnDuty, cities[c.Index].Free, cities[c.Index].Committed,
                [.. skills.Select((d, s) => new SkillSummaryView(
                    d.Key, d.NameZh, d.NameEn, perSkill[c.Index, s].Volunteers, perSkill[c.Index, s].OnDuty, perSkill[c.Index, s].Free, perSkill[c.Index, s].Committed))]))
            .ToList();
        return new PoolSummaryView(
            pool.Count, pool.Teams.Count, views.Sum(c => c.OnDuty), views.Sum(c => c.Free), views.Sum(c => c.Committed), views);
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

public sealed record CitySummaryView(
    int Adcode, string NameZh, string NameEn, int Volunteers, int OnDuty, int Free, int Committed, IReadOnlyList<SkillSummaryView> Skills);

/// <summary>Holders of one skill in one city (any level).</summary>
public sealed record SkillSummaryView(string Skill, string NameZh, string NameEn, int Holders, int OnDuty, int Free, int Committed);
