using System.Security.Claims;
using Dispatch.Engine.Dispatching;
using Dispatch.Engine.Pool;
using Dispatch.Host.Api;
using Dispatch.Host.Auth;
using Dispatch.Host.Dispatching;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Dispatch.Host.Assignments;

public sealed record ReleaseRequest(string Leader);

public sealed record ReviewRequest(int Rating, string? Comment);

public sealed record EscalateRequest(string Reason);

public sealed record ManualPickRequest(int VolunteerId, string Reason, string? ForceReason);

/// <summary>An assignment as the API shows it: state and raw timestamps, and the service record once released.</summary>
public sealed record AssignmentDto(
    long Id, long Incident, long Requirement, int Volunteer, string State,
    DateTimeOffset AcceptedAt, DateTimeOffset? EnRouteAt, DateTimeOffset? OnSceneAt, DateTimeOffset? ReleasedAt,
    string Outcome, string Reason, ServiceRecordDto? ServiceRecord);

public sealed record ServiceRecordDto(double CountedHours, string RuleVersion, string Leader, string Recorder, string CommandAuthority, DateTimeOffset ReleasedAt);

public sealed record EscalationDto(string Outcome, string? Step, string Reason, double? RadiusMeters, int? MinLevel, string? Alert, IReadOnlyList<string> TeamsCalled, IReadOnlyList<long> OffersSent);

public sealed record ManualPickDto(string Outcome, string Reason, bool Forced, string Ineligibility, long? Offer, DateTimeOffset? ExpiresAt);

/// <summary>
/// After the accept, and the commander's levers on a requirement: <c>/api/assignments/{id}</c> (en route, on scene —
/// the volunteer's own; release — the commander; review — either side) and <c>/api/requirements/{id}</c> (escalate now,
/// manual pick — the commander). Unknown ids → 404, someone else's assignment → 403, a state that does not allow the
/// action → 409 with the reason; repeats → 200 with the first result.
/// </summary>
internal static class AssignmentsApi
{
    public static IEndpointRouteBuilder MapAssignmentsApi(this IEndpointRouteBuilder routes)
    {
        var assignments = routes.MapApiGroup("assignments", DispatchPolicies.AnyUser, "Assignments");
        assignments.MapPost("/{id:long}/en-route", (long id, ClaimsPrincipal user, AdvanceAssignment advance, CancellationToken ct) =>
            Advance(id, AssignmentState.EnRoute, user, advance, ct)).RequireAuthorization(DispatchPolicies.Volunteer).WithName("AssignmentEnRoute");
        assignments.MapPost("/{id:long}/on-scene", (long id, ClaimsPrincipal user, AdvanceAssignment advance, CancellationToken ct) =>
            Advance(id, AssignmentState.OnScene, user, advance, ct)).RequireAuthorization(DispatchPolicies.Volunteer).WithName("AssignmentOnScene");
        assignments.MapPost("/{id:long}/release", Release).RequireAuthorization(DispatchPolicies.Commander).WithName("ReleaseAssignment");
        assignments.MapPost("/{id:long}/review", Review).WithName("ReviewAssignment");

        var requirements = routes.MapApiGroup("requirements", DispatchPolicies.Commander, "Requirements");
        requirements.MapPost("/{id:long}/escalate", Escalate).WithName("EscalateRequirement");
        requirements.MapPost("/{id:long}/manual-pick", Pick).WithName("ManualPick");
        return routes;
    }

    private static async Task<Results<Ok<AssignmentDto>, ProblemHttpResult>> Advance(
        long id, AssignmentState to, ClaimsPrincipal user, AdvanceAssignment advance, CancellationToken cancellationToken) =>
        ToResult(await advance.ExecuteAsync(new OfferId(id), to, Me(user), $"volunteer:{user.Identity?.Name}", cancellationToken).ConfigureAwait(false), id);

    private static async Task<Results<Ok<AssignmentDto>, ProblemHttpResult>> Release(
        long id, ReleaseRequest body, ClaimsPrincipal user, ReleaseAssignment release, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentException.ThrowIfNullOrWhiteSpace(body.Leader, "leader");
        ArgumentOutOfRangeException.ThrowIfGreaterThan(body.Leader.Length, 200, "leader");
        return ToResult(await release.ExecuteAsync(new OfferId(id), $"commander:{user.Identity?.Name}", body.Leader.Trim(), cancellationToken).ConfigureAwait(false), id);
    }

    private static async Task<Results<Ok<AssignmentDto>, ProblemHttpResult>> Review(
        long id, ReviewRequest body, ClaimsPrincipal user, ReviewAssignment review, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        bool commander = user.IsInRole(DispatchRoles.Commander);
        if (!commander && !user.IsInRole(DispatchRoles.Volunteer))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Only the commander and the volunteer review an assignment.");
        }

        string actor = commander ? $"commander:{user.Identity?.Name}" : $"volunteer:{user.Identity?.Name}";
        var update = await review.ExecuteAsync(new OfferId(id), commander, commander ? null : Me(user), body.Rating, body.Comment, actor, cancellationToken).ConfigureAwait(false);
        return ToResult(update, id);
    }

    private static async Task<Results<Ok<EscalationDto>, ProblemHttpResult>> Escalate(
        long id, EscalateRequest body, ClaimsPrincipal user, EscalateRequirement escalate, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentException.ThrowIfNullOrWhiteSpace(body.Reason, "reason");
        ArgumentOutOfRangeException.ThrowIfGreaterThan(body.Reason.Length, 500, "reason");
        var result = await escalate.ExecuteAsync(new RequirementId(id), $"commander:{user.Identity?.Name}", body.Reason.Trim(), cancellationToken).ConfigureAwait(false);
        return result.Status switch
        {
            EscalationStatus.NotFound => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such requirement.", detail: $"Requirement {id} does not exist."),
            EscalationStatus.NotNeeded => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Nothing to escalate.", detail: "The requirement is filled or its incident is no longer open."),
            EscalationStatus.Escalated or EscalationStatus.Exhausted => TypedResults.Ok(new EscalationDto(
                result.Status.ToString(), result.Decision?.Step?.Kind.ToString(), result.Decision?.Reason ?? "",
                result.Requirement?.Radius.Value, result.Requirement?.CurrentMinLevel.Value, result.Decision?.Alert,
                result.Team?.Nearest.Select(t => t.Name).ToList() ?? [], [.. result.Round.OffersSent.Select(o => o.Id.Value)])),
        };
    }

    private static async Task<Results<Ok<ManualPickDto>, ProblemHttpResult>> Pick(
        long id, ManualPickRequest body, ClaimsPrincipal user, ManualPick pick, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentException.ThrowIfNullOrWhiteSpace(body.Reason, "reason");
        ArgumentOutOfRangeException.ThrowIfGreaterThan(body.Reason.Length, 500, "reason");
        ArgumentOutOfRangeException.ThrowIfGreaterThan(body.ForceReason?.Length ?? 0, 500, "forceReason");
        var result = await pick.ExecuteAsync(new RequirementId(id), new VolunteerId(body.VolunteerId), body.Reason.Trim(), body.ForceReason, $"commander:{user.Identity?.Name}", cancellationToken).ConfigureAwait(false);
        var dto = new ManualPickDto(result.Status.ToString(), result.Decision?.Explanation ?? "", result.Decision?.Forced ?? false,
            (result.Decision?.Reason ?? Engine.Matching.Ineligibility.None).ToString(), result.Offer?.Id.Value, result.Offer?.ExpiresAt);
        return result.Status switch
        {
            ManualPickStatus.Offered => TypedResults.Ok(dto),
            ManualPickStatus.NotFound => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such requirement.", detail: $"Requirement {id} does not exist."),
            ManualPickStatus.Refused or ManualPickStatus.AlreadyClaimed => TypedResults.Problem(
                statusCode: StatusCodes.Status409Conflict, title: "The pick is refused.", detail: dto.Reason,
                extensions: new Dictionary<string, object?> { ["outcome"] = dto.Outcome, ["ineligibility"] = dto.Ineligibility }),
        };
    }

    private static Results<Ok<AssignmentDto>, ProblemHttpResult> ToResult(AssignmentUpdate update, long id) => update.Status switch
    {
        AssignmentUpdateStatus.Done or AssignmentUpdateStatus.Repeated => TypedResults.Ok(ToDto(update)),
        AssignmentUpdateStatus.NotFound => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such assignment.", detail: $"Assignment {id} does not exist."),
        AssignmentUpdateStatus.NotYours => TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "This assignment is not yours."),
        AssignmentUpdateStatus.IllegalTransition => TypedResults.Problem(
            statusCode: StatusCodes.Status409Conflict, title: "The assignment's state does not allow this.", detail: update.Reason,
            extensions: new Dictionary<string, object?> { ["state"] = update.Assignment?.State.ToString() }),
    };

    private static AssignmentDto ToDto(AssignmentUpdate u)
    {
        var a = u.Assignment!;
        var r = u.ServiceRecord;
        return new AssignmentDto(
            a.Offer.Value, a.Incident.Value, a.Requirement.Value, a.Volunteer.Value, a.State.ToString(),
            a.AcceptedAt, a.EnRouteAt, a.OnSceneAt, a.ReleasedAt, u.Status.ToString(), u.Reason,
            r is null ? null : new ServiceRecordDto(r.Counted.TotalHours, r.RuleVersion, r.Leader, r.Recorder, r.CommandAuthority, r.ReleasedAt));
    }

    /// <summary>The volunteer policy guarantees the claim; staff never reach the volunteer-only endpoints.</summary>
    private static VolunteerId Me(ClaimsPrincipal user) =>
        user.VolunteerIdOf() ?? throw new InvalidOperationException("The volunteer policy admitted a principal without a volunteer id.");
}
