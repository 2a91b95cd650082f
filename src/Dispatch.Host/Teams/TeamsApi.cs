using Dispatch.Engine.Geo;
using Dispatch.Engine.Pool;
using Dispatch.Host.Api;
using Dispatch.Host.Auth;
using Dispatch.Host.Startup;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Dispatch.Host.Teams;

/// <summary>A team as the API shows it: the base is coarsened to about 1 km like every location outside an incident's command.</summary>
public sealed record TeamView(int Id, string Name, string Type, int? LeaderId, int CityAdcode, string CityNameZh, LocationView Base);

/// <summary><c>/api/teams</c>: the pool's teams (队伍) for commanders, trainers and admins; read-only.</summary>
internal static class TeamsApi
{
    public static IEndpointRouteBuilder MapTeamsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapApiGroup("teams", DispatchPolicies.PoolReader, "Teams");
        group.MapGet("/", List).WithName("ListTeams");
        group.MapGet("/{id:int}", Get).WithName("GetTeam").ProducesProblem(StatusCodes.Status404NotFound);
        return routes;
    }

    /// <summary>Every team, or those of the city with adcode <paramref name="city"/> (an unknown adcode is a 400).</summary>
    private static Ok<TeamView[]> List(int? city, LivePool live)
    {
        byte? index = city is { } adcode ? JiangsuCity.ByAdcode(adcode).Index : null;
        return TypedResults.Ok(live.Pool.Teams.Where(t => index is null || t.City == index).Select(ToView).ToArray());
    }

    private static Results<Ok<TeamView>, ProblemHttpResult> Get(int id, LivePool live) =>
        id >= 0 && id < live.Pool.Teams.Count
            ? TypedResults.Ok(ToView(live.Pool.Teams[id]))
            : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such team.", detail: $"Team {id} is not in the pool.");

    private static TeamView ToView(Team t)
    {
        var city = JiangsuCity.All[t.City];
        var coarse = VolunteerView.Coarsen(t.Base);
        return new TeamView(t.Id.Value, t.Name, t.Type, t.Leader?.Value, city.Adcode, city.NameZh,
            new LocationView(coarse.Latitude, coarse.Longitude, LocationPrecision.Coarse1Km, ReportedAt: null));
    }
}
