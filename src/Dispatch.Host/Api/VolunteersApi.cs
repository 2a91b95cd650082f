using System.Security.Claims;
using Dispatch.Engine.Pool;
using Dispatch.Host.Auth;
using Dispatch.Host.Privacy;
using Dispatch.Host.Startup;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Dispatch.Host.Api;

/// <summary>
/// <c>/api/volunteers/{id}</c>: a volunteer reads their own record in full; commanders and admins read a masked view
/// (phone masked, location coarsened to about 1 km). The audited disclosures — precise location for the commander of
/// the volunteer's incident, phone reveal with a reason — are <see cref="Privacy.PrivacyApi"/>.
/// </summary>
internal static class VolunteersApi
{
    public static IEndpointRouteBuilder MapVolunteersApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapApiGroup("volunteers", DispatchPolicies.VolunteerReader, "Volunteers");
        group.MapGet("/{id:int}", Get)
            .WithName("GetVolunteer")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapVolunteerPrivacy();
        return routes;
    }

    private static Results<Ok<VolunteerView>, ProblemHttpResult> Get(int id, ClaimsPrincipal user, LivePool live, IVolunteerContacts contacts)
    {
        if (user.IsInRole(DispatchRoles.Volunteer))
        {
            // A volunteer learns nothing about other ids, not even whether they exist.
            return user.VolunteerIdOf() is { } own && own.Value == id && id < live.Pool.Count
                ? TypedResults.Ok(VolunteerView.Own(live.Pool.Get(own), contacts.PhoneOf(own)))
                : TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "A volunteer may read only their own record.");
        }

        if (id < 0 || id >= live.Pool.Count)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such volunteer.", detail: $"Volunteer {id} is not in the pool.");
        }

        var volunteerId = new VolunteerId(id);
        return TypedResults.Ok(VolunteerView.MaskedFor(live.Pool.Get(volunteerId), contacts.PhoneOf(volunteerId)));
    }
}
