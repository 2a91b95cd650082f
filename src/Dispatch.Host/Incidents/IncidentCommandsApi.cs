using System.Security.Claims;
using Dispatch.Engine.Dispatching;
using Dispatch.Engine.Geo;
using Dispatch.Engine.Pool;
using Dispatch.Engine.PrePlans;
using Dispatch.Host.Api;
using Dispatch.Host.Auth;
using Dispatch.Host.Dispatching;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Dispatch.Host.Incidents;

public sealed record EndIncidentRequest(string Reason);

public sealed record ChangeSeverityRequest(Severity Severity, string Reason);

public sealed record DutyRequest(bool OnDuty);

public sealed record LocationRequest(double Latitude, double Longitude);

public sealed record IncidentCommandDto(long Id, string State, string Severity, string Outcome, string Reason, IReadOnlyList<long> Withdrawn, IReadOnlyList<long> OffersSent);

/// <summary>
/// The commander's incident commands — <c>/api/incidents/{id}/close</c>, <c>/cancel</c>, <c>/severity</c> — and the
/// volunteer's own status — <c>/api/me/duty</c>, <c>/api/me/location</c>. Unknown incident → 404; a state that does not
/// allow the command (already ended, the same severity, volunteers still committed on close) → 409 with the reason.
/// </summary>
internal static class IncidentCommandsApi
{
    public static IEndpointRouteBuilder MapIncidentCommandsApi(this IEndpointRouteBuilder routes)
    {
        var incidents = routes.MapApiGroup("incidents", DispatchPolicies.Commander, "Incidents");
        incidents.MapPost("/{id:long}/close", (long id, EndIncidentRequest body, ClaimsPrincipal user, EndIncident end, CancellationToken ct) =>
            End(id, body, cancel: false, user, end, ct)).WithName("CloseIncident");
        incidents.MapPost("/{id:long}/cancel", (long id, EndIncidentRequest body, ClaimsPrincipal user, EndIncident end, CancellationToken ct) =>
            End(id, body, cancel: true, user, end, ct)).WithName("CancelIncident");
        incidents.MapPost("/{id:long}/severity", Severity).WithName("ChangeSeverity");

        var me = routes.MapApiGroup("me", DispatchPolicies.Volunteer, "Volunteer status");
        me.MapPost("/duty", Duty).WithName("SetDuty");
        me.MapPost("/location", Location).WithName("ReportLocation");
        return routes;
    }

    private static async Task<Results<Ok<IncidentCommandDto>, ProblemHttpResult>> End(
        long id, EndIncidentRequest body, bool cancel, ClaimsPrincipal user, EndIncident end, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentException.ThrowIfNullOrWhiteSpace(body.Reason, "reason");
        ArgumentOutOfRangeException.ThrowIfGreaterThan(body.Reason.Length, 500, "reason");
        return ToResult(await end.ExecuteAsync(new IncidentId(id), cancel, $"commander:{user.Identity?.Name}", body.Reason.Trim(), cancellationToken).ConfigureAwait(false), id);
    }

    private static async Task<Results<Ok<IncidentCommandDto>, ProblemHttpResult>> Severity(
        long id, ChangeSeverityRequest body, ClaimsPrincipal user, ChangeSeverity change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentException.ThrowIfNullOrWhiteSpace(body.Reason, "reason");
        ArgumentOutOfRangeException.ThrowIfGreaterThan(body.Reason.Length, 500, "reason");
        return ToResult(await change.ExecuteAsync(new IncidentId(id), body.Severity, $"commander:{user.Identity?.Name}", body.Reason.Trim(), cancellationToken).ConfigureAwait(false), id);
    }

    private static async Task<NoContent> Duty(DutyRequest body, ClaimsPrincipal user, VolunteerStatus status, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        await status.SetDutyAsync(Me(user), body.OnDuty ? DutyState.OnDuty : DutyState.OffDuty, $"volunteer:{user.Identity?.Name}", cancellationToken).ConfigureAwait(false);
        return TypedResults.NoContent();
    }

    private static async Task<NoContent> Location(LocationRequest body, ClaimsPrincipal user, VolunteerStatus status, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        await status.ReportLocationAsync(Me(user), new GeoPoint(body.Latitude, body.Longitude), cancellationToken).ConfigureAwait(false);
        return TypedResults.NoContent();
    }

    private static Results<Ok<IncidentCommandDto>, ProblemHttpResult> ToResult(IncidentCommandResult r, long id) => r.Status switch
    {
        IncidentCommandStatus.Done => TypedResults.Ok(new IncidentCommandDto(
            id, r.Incident!.State.ToString(), r.Incident.Severity.ToString(), r.Status.ToString(), r.Reason,
            [.. r.Withdrawn.Select(o => o.Value)], [.. r.Round.OffersSent.Select(o => o.Id.Value)])),
        IncidentCommandStatus.NotFound => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such incident.", detail: $"Incident {id} does not exist."),
        IncidentCommandStatus.NotApplicable or IncidentCommandStatus.VolunteersCommitted => TypedResults.Problem(
            statusCode: StatusCodes.Status409Conflict, title: "The incident's state does not allow this.", detail: r.Reason,
            extensions: new Dictionary<string, object?> { ["outcome"] = r.Status.ToString(), ["state"] = r.Incident?.State.ToString() }),
    };

    private static VolunteerId Me(ClaimsPrincipal user) =>
        user.VolunteerIdOf() ?? throw new InvalidOperationException("The volunteer policy admitted a principal without a volunteer id.");
}
