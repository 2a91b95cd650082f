using System.Security.Claims;
using Dispatch.Engine.Dispatching;
using Dispatch.Host.Api;
using Dispatch.Host.Auth;
using Dispatch.Host.Dispatching;
using Dispatch.Host.Realtime;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Dispatch.Host.Offers;

/// <summary>The volunteer's optional reason for declining.</summary>
public sealed record DeclineOfferRequest(string? Reason);

/// <summary>The commander's reason for withdrawing an offer (required; it goes into the audit trail).</summary>
public sealed record WithdrawOfferRequest(string Reason);

/// <summary>
/// <c>/api/offers/{id}</c>: a volunteer acks, accepts or declines their own offers (the same use cases as the volunteer
/// hub); a commander withdraws one. Unknown offer → 404, another volunteer's → 403, an answer the offer's state does not
/// allow (expired, filled, already answered otherwise) → 409 with the reason; a repeat of the same answer → 200 with the
/// first result.
/// </summary>
internal static class OffersApi
{
    public static IEndpointRouteBuilder MapOffersApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapApiGroup("offers", DispatchPolicies.AnyUser, "Offers");
        group.MapPost("/{id:long}/ack", Ack).RequireAuthorization(DispatchPolicies.Volunteer).WithName("AckOffer").Problems();
        group.MapPost("/{id:long}/accept", Accept).RequireAuthorization(DispatchPolicies.Volunteer).WithName("AcceptOffer").Problems();
        group.MapPost("/{id:long}/decline", Decline).RequireAuthorization(DispatchPolicies.Volunteer).WithName("DeclineOffer").Problems();
        group.MapPost("/{id:long}/withdraw", Withdraw).RequireAuthorization(DispatchPolicies.Commander).WithName("WithdrawOffer").Problems();
        return routes;
    }

    private static RouteHandlerBuilder Problems(this RouteHandlerBuilder builder) =>
        builder.ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);

    private static async Task<Results<Ok<OfferAckDto>, ProblemHttpResult>> Ack(long id, ClaimsPrincipal user, AckOffer ack, CancellationToken cancellationToken)
    {
        var result = await ack.ExecuteAsync(new OfferId(id), Me(user), Actor(user), cancellationToken).ConfigureAwait(false);
        return Missing(result.Status, id) is { } problem ? problem : TypedResults.Ok(new OfferAckDto(id, result.Offer?.AckedAt));
    }

    private static async Task<Results<Ok<OfferAnswerDto>, ProblemHttpResult>> Accept(long id, ClaimsPrincipal user, AcceptOffer accept, CancellationToken cancellationToken) =>
        ToResult(await accept.ExecuteAsync(new OfferId(id), Me(user), Actor(user), cancellationToken).ConfigureAwait(false), id);

    private static async Task<Results<Ok<OfferAnswerDto>, ProblemHttpResult>> Decline(
        long id, DeclineOfferRequest? body, ClaimsPrincipal user, DeclineOffer decline, CancellationToken cancellationToken)
    {
        string? reason = string.IsNullOrWhiteSpace(body?.Reason) ? null : body.Reason.Trim();
        ArgumentOutOfRangeException.ThrowIfGreaterThan(reason?.Length ?? 0, VolunteerHub.MaxReasonLength, "reason");
        return ToResult(await decline.ExecuteAsync(new OfferId(id), Me(user), Actor(user), reason, cancellationToken).ConfigureAwait(false), id);
    }

    private static async Task<Results<Ok<OfferAnswerDto>, ProblemHttpResult>> Withdraw(
        long id, WithdrawOfferRequest body, ClaimsPrincipal user, WithdrawOffer withdraw, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentException.ThrowIfNullOrWhiteSpace(body.Reason, "reason");
        ArgumentOutOfRangeException.ThrowIfGreaterThan(body.Reason.Length, VolunteerHub.MaxReasonLength, "reason");
        return ToResult(await withdraw.ExecuteAsync(new OfferId(id), $"commander:{user.Identity?.Name}", body.Reason.Trim(), cancellationToken).ConfigureAwait(false), id);
    }

    private static Results<Ok<OfferAnswerDto>, ProblemHttpResult> ToResult(OfferAnswer answer, long id)
    {
        if (Missing(answer.Status, id) is { } problem)
        {
            return problem;
        }

        var dto = answer.ToDto();
        return answer.Decision?.Verdict is OfferVerdict.Applied or OfferVerdict.Repeated
            ? TypedResults.Ok(dto)
            : TypedResults.Problem(
                statusCode: StatusCodes.Status409Conflict,
                title: "The offer's state does not allow this.",
                detail: dto.Reason,
                extensions: new Dictionary<string, object?> { ["state"] = dto.State, ["outcome"] = dto.Outcome });
    }

    private static ProblemHttpResult? Missing(OfferAnswerStatus status, long id) => status switch
    {
        OfferAnswerStatus.Done => null,
        OfferAnswerStatus.NotFound => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such offer.", detail: $"Offer {id} does not exist."),
        OfferAnswerStatus.NotYours => TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "This offer is not yours."),
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    /// <summary>Staff (the withdraw endpoint) never reach here; a volunteer token always carries the claim (the policy requires it).</summary>
    private static Engine.Pool.VolunteerId Me(ClaimsPrincipal user) =>
        user.VolunteerIdOf() ?? throw new InvalidOperationException("The volunteer policy admitted a principal without a volunteer id.");

    private static string Actor(ClaimsPrincipal user) => $"volunteer:{user.Identity?.Name}";
}
