using System.Security.Claims;
using Dispatch.Engine.Dispatching;
using Dispatch.Engine.Geo;
using Dispatch.Engine.PrePlans;
using Dispatch.Host.Api;
using Dispatch.Host.Auth;
using Dispatch.Host.Dispatching;
using Dispatch.Host.Records;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Dispatch.Host.Incidents;

/// <summary>
/// <c>/api/incidents</c>: commanders open incidents (the <see cref="CreateIncident"/> use case: pre-plan → requirements →
/// joint matching → offers); the board (commanders and trainers) lists open incidents and reads one in full.
/// </summary>
internal static class IncidentsApi
{
    public const int MaxListed = 200;

    public static IEndpointRouteBuilder MapIncidentsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapApiGroup("incidents", DispatchPolicies.Board, "Incidents");
        group.MapPost("/", Create)
            .RequireAuthorization(DispatchPolicies.Commander)
            .WithName("CreateIncident")
            .WithSummary("Open an incident: requirements from the pre-plan, offers sent to the best candidates, shortfalls recorded.");
        group.MapGet("/", List).WithName("ListIncidents").WithSummary("Open incidents with their fill state.");
        group.MapGet("/{id:long}", Get)
            .WithName("GetIncident")
            .WithSummary("One incident: requirements, offers timeline, assignments and audit trail.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return routes;
    }

    /// <summary>Longest command authority or meeting point: it is written into every offer's risk statement.</summary>
    private const int MaxTextLength = 200;

    private const int MaxNotesLength = 4_000;

    private static async Task<Created<IncidentCreatedDto>> Create(
        CreateIncidentRequest request, ClaimsPrincipal user, CreateIncident create, PrePlanBook book, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrWhiteSpace(request.Type, "type");
        var severity = request.Severity ?? throw new ArgumentException("severity is required.", "severity");
        double latitude = request.Latitude ?? throw new ArgumentException("latitude is required.", "latitude");
        double longitude = request.Longitude ?? throw new ArgumentException("longitude is required.", "longitude");
        ArgumentException.ThrowIfNullOrWhiteSpace(request.CommandAuthority, "commandAuthority");
        ArgumentException.ThrowIfNullOrWhiteSpace(request.MeetingPoint, "meetingPoint");
        ArgumentOutOfRangeException.ThrowIfGreaterThan(request.CommandAuthority.Length, MaxTextLength, "commandAuthority");
        ArgumentOutOfRangeException.ThrowIfGreaterThan(request.MeetingPoint.Length, MaxTextLength, "meetingPoint");
        ArgumentOutOfRangeException.ThrowIfGreaterThan(request.Notes?.Length ?? 0, MaxNotesLength, "notes");
        var command = new CreateIncidentCommand(
            request.Type.Trim(), severity, new GeoPoint(latitude, longitude), request.CommandAuthority.Trim(), request.MeetingPoint.Trim(),
            request.Notes ?? "", ToOverride(request.Override, book), IsDrill: false, Actor(user));
        var result = await create.ExecuteAsync(command, cancellationToken).ConfigureAwait(false);
        return TypedResults.Created($"/api/incidents/{result.Incident.Id.Value}", CreatedBody(result, book));
    }

    /// <summary>The 201 answer's body: the incident, its requirements, the offers sent and the shortfalls.</summary>
    internal static IncidentCreatedDto CreatedBody(CreateIncidentResult result, PrePlanBook book) => new(
        result.Incident.ToDto(book), [.. result.Requirements.Select(r => r.ToDto())], [.. result.OffersSent.Select(o => o.ToView())],
        [.. result.Shortfalls.Select(s => s.ToDto())], result.IsFallbackPlan);

    private static Task<Ok<IncidentListItemDto[]>> List(RecordStore store, PrePlanBook book, CancellationToken cancellationToken) =>
        store.ReadAsync(async r =>
        {
            var items = new List<IncidentListItemDto>();
            foreach (var incident in await r.GetIncidentsAsync(IncidentState.Open, MaxListed).ConfigureAwait(false))
            {
                var requirements = await r.GetRequirementsAsync(incident.Id).ConfigureAwait(false);
                var offers = await r.GetOffersForIncidentAsync(incident.Id).ConfigureAwait(false);
                items.Add(new IncidentListItemDto(
                    incident.ToDto(book), requirements.Sum(q => q.Seats), requirements.Sum(q => q.Filled),
                    offers.Count(o => o.State == OfferState.Pending), [.. requirements.Select(q => q.ToDto())]));
            }

            return TypedResults.Ok(items.ToArray());
        }, cancellationToken);

    private static Task<Results<Ok<IncidentDetailDto>, ProblemHttpResult>> Get(long id, RecordStore store, PrePlanBook book, CancellationToken cancellationToken) =>
        store.ReadAsync<Results<Ok<IncidentDetailDto>, ProblemHttpResult>>(async r =>
        {
            var incidentId = new IncidentId(id);
            if (await r.GetIncidentAsync(incidentId).ConfigureAwait(false) is not { } incident)
            {
                return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such incident.", detail: $"Incident {id} does not exist.");
            }

            var requirements = await r.GetRequirementsAsync(incidentId).ConfigureAwait(false);
            var offers = await r.GetOffersForIncidentAsync(incidentId).ConfigureAwait(false);
            var assignments = await r.GetAssignmentsAsync(incidentId).ConfigureAwait(false);
            var audit = await r.GetAuditForIncidentAsync(incidentId).ConfigureAwait(false);
            return TypedResults.Ok(new IncidentDetailDto(
                incident.ToDto(book), [.. requirements.Select(q => q.ToDto())], [.. offers.Select(o => o.ToView())],
                [.. assignments.Select(a => a.ToDto())], [.. audit.Select(e => e.ToDto())]));
        }, cancellationToken);

    private static PrePlanOverride? ToOverride(PlanOverrideRequest? request, PrePlanBook book)
    {
        if (request is null)
        {
            return null;
        }

        var counts = request.Counts?.ToDictionary(kv => book.Catalog.Parse(kv.Key), kv => kv.Value);
        return new PrePlanOverride(
            counts,
            request.SearchRadiusMeters is { } radius ? new Meters(radius) : null,
            request.OfferTimeoutSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : null);
    }

    private static string Actor(ClaimsPrincipal user) => $"commander:{user.Identity?.Name}";
}
