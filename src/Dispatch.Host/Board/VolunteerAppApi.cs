using System.Security.Claims;
using Dispatch.Engine.Dispatching;
using Dispatch.Engine.Pool;
using Dispatch.Engine.PrePlans;
using Dispatch.Host.Api;
using Dispatch.Host.Auth;
using Dispatch.Host.Realtime;
using Dispatch.Host.Records;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Dispatch.Host.Board;

/// <summary>An active assignment as the volunteer's phone shows it, with the incident's position for navigation.</summary>
public sealed record MyTaskDto(
    long OfferId, long IncidentId, string IncidentSummary, bool IsDrill, string State, string MeetingPoint, double Latitude, double Longitude,
    DateTimeOffset AcceptedAt, DateTimeOffset? EnRouteAt, DateTimeOffset? OnSceneAt, bool DoneReported);

/// <summary>One released assignment with its counted hours and the points credited (once the commander reviewed it).</summary>
public sealed record MyServiceDto(long OfferId, long IncidentId, string IncidentSummary, DateTimeOffset ReleasedAt, double Hours, decimal? Points, bool VolunteerRated);

public sealed record MyAssignmentsDto(IReadOnlyList<MyTaskDto> Active, IReadOnlyList<MyServiceDto> History, double TotalHours, decimal TotalPoints);

/// <summary>
/// The volunteer app's reads and its one extra action, under <c>/api/me</c> (volunteer policy; the volunteer is the
/// claim's, never an argument): pending offers (what a reconnecting phone reconciles with), the current task and the
/// service history with hours and points, and "done" (<see cref="ReportAssignmentDone"/>).
/// </summary>
internal static class VolunteerAppApi
{
    public const int MaxHistory = 100;

    public static IEndpointRouteBuilder MapVolunteerAppApi(this IEndpointRouteBuilder routes)
    {
        var me = routes.MapApiGroup("me", DispatchPolicies.Volunteer, "Volunteer app");
        me.MapGet("/offers", Offers).WithName("GetMyPendingOffers").WithSummary("My pending offers, as the volunteer hub sends them.");
        me.MapGet("/assignments", Assignments).WithName("GetMyAssignments").WithSummary("My active task and my service history with hours and points.");
        me.MapPost("/assignments/{id:long}/done", Done).WithName("ReportAssignmentDone").WithSummary("Report the task done; the commander releases.");
        return routes;
    }

    private static Task<Ok<List<OfferDto>>> Offers(ClaimsPrincipal user, RecordStore store, PrePlanBook book, CancellationToken cancellationToken) =>
        store.ReadAsync(async r =>
        {
            var list = new List<OfferDto>();
            foreach (var offer in await r.GetPendingOffersForVolunteerAsync(Me(user)).ConfigureAwait(false))
            {
                if (await RealtimeMapping.ToDtoAsync(r, book, offer).ConfigureAwait(false) is { } dto)
                {
                    list.Add(dto);
                }
            }

            return TypedResults.Ok(list);
        }, cancellationToken);

    private static Task<Ok<MyAssignmentsDto>> Assignments(ClaimsPrincipal user, RecordStore store, PrePlanBook book, CancellationToken cancellationToken) =>
        store.ReadAsync(async r =>
        {
            var me = Me(user);
            var active = new List<MyTaskDto>();
            var history = new List<MyServiceDto>();
            var ledger = (await r.GetLedgerAsync(me).ConfigureAwait(false)).ToDictionary(l => l.Assignment.Value);
            foreach (long id in (await r.GetAssignmentIdsForVolunteerAsync(me.Value).ConfigureAwait(false)).Take(MaxHistory))
            {
                var a = await r.GetAssignmentAsync(new OfferId(id)).ConfigureAwait(false);
                var incident = a is null ? null : await r.GetIncidentAsync(a.Incident).ConfigureAwait(false);
                if (a is null || incident is null)
                {
                    continue;
                }

                string summary = RealtimeMapping.Summary(book, incident);
                switch (a.State)
                {
                    case AssignmentState.Accepted or AssignmentState.EnRoute or AssignmentState.OnScene:
                        var offer = await r.GetOfferAsync(a.Offer).ConfigureAwait(false);
                        active.Add(new MyTaskDto(
                            id, incident.Id.Value, summary, incident.IsDrill, a.State.Name(), offer?.MeetingPoint ?? incident.MeetingPoint,
                            incident.Location.Latitude, incident.Location.Longitude, a.AcceptedAt, a.EnRouteAt, a.OnSceneAt,
                            await r.HasDoneReportAsync(id).ConfigureAwait(false)));
                        break;
                    case AssignmentState.Released:
                        var record = await r.GetServiceRecordAsync(a.Offer).ConfigureAwait(false);
                        var review = await r.GetReviewAsync(a.Offer).ConfigureAwait(false);
                        history.Add(new MyServiceDto(
                            id, incident.Id.Value, summary, a.ReleasedAt ?? record?.ReleasedAt ?? a.AcceptedAt, record?.Counted.TotalHours ?? 0,
                            ledger.TryGetValue(id, out var l) ? l.Points : null, review?.VolunteerRating is not null));
                        break;
                    case AssignmentState.Cancelled:
                        break;
                }
            }

            return TypedResults.Ok(new MyAssignmentsDto(active, history, ledger.Values.Sum(l => l.Counted.TotalHours), ledger.Values.Sum(l => l.Points)));
        }, cancellationToken);

    private static async Task<Results<NoContent, ProblemHttpResult>> Done(long id, ClaimsPrincipal user, ReportAssignmentDone done, CancellationToken cancellationToken)
    {
        var update = await done.ExecuteAsync(new OfferId(id), Me(user), $"volunteer:{user.Identity?.Name}", cancellationToken).ConfigureAwait(false);
        return update.Status switch
        {
            Dispatching.AssignmentUpdateStatus.Done or Dispatching.AssignmentUpdateStatus.Repeated => TypedResults.NoContent(),
            Dispatching.AssignmentUpdateStatus.NotFound => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such assignment.", detail: update.Reason),
            Dispatching.AssignmentUpdateStatus.NotYours => TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Not your assignment.", detail: update.Reason),
            Dispatching.AssignmentUpdateStatus.IllegalTransition => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "The assignment is not active.", detail: update.Reason),
        };
    }

    private static VolunteerId Me(ClaimsPrincipal user) =>
        user.VolunteerIdOf() ?? throw new InvalidOperationException("The volunteer policy admitted a principal without a volunteer id.");
}
