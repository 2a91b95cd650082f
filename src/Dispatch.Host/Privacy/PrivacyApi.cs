using System.Security.Claims;
using Dispatch.Engine.Pool;
using Dispatch.Host.Api;
using Dispatch.Host.Auth;
using Dispatch.Host.Realtime;
using Dispatch.Host.Records;
using Dispatch.Host.Startup;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Dispatch.Host.Privacy;

/// <summary>The commander's body for revealing a phone number: the reason is required and goes into the audit trail.</summary>
public sealed record PhoneRevealRequest(string? Reason);

/// <summary>A revealed phone number and the audit event that records the disclosure.</summary>
public sealed record PhoneRevealView(int VolunteerId, string Phone, long AuditEventId);

/// <summary>A volunteer's precise last-known position, with the incident that justifies showing it and the audit event.</summary>
public sealed record PreciseLocationView(int VolunteerId, long IncidentId, long OfferId, string Basis, LocationView Location, long AuditEventId);

/// <summary>
/// The audited disclosures under <c>/api/volunteers/{id}</c>: the precise location (commander of an open incident the
/// volunteer holds an offer or an active assignment in) and the full phone number (commander or admin, with a
/// reason). The check and the audit event are one write transaction: no read without its event, no event without a read.
/// </summary>
internal static class PrivacyApi
{
    public const int MaxReasonLength = VolunteerHub.MaxReasonLength;

    public static RouteGroupBuilder MapVolunteerPrivacy(this RouteGroupBuilder group)
    {
        group.MapGet("/{id:int}/location", ReadLocationAsync)
            .RequireAuthorization(DispatchPolicies.Commander)
            .WithName("GetVolunteerPreciseLocation")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/{id:int}/phone-reveal", RevealPhoneAsync)
            .WithName("RevealVolunteerPhone")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return group;
    }

    private static async Task<Results<Ok<PreciseLocationView>, ProblemHttpResult>> ReadLocationAsync(
        int id, string? reason, ClaimsPrincipal user, LivePool live, RecordStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        string? purpose = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();
        ArgumentOutOfRangeException.ThrowIfGreaterThan(purpose?.Length ?? 0, MaxReasonLength, "reason");
        if (id < 0 || id >= live.Pool.Count)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such volunteer.", detail: $"Volunteer {id} is not in the pool.");
        }

        var volunteer = new VolunteerId(id);
        string actor = ActorOf(user);
        var read = await store.WriteAsync(async tx =>
        {
            var basis = await tx.FindCommandBasisAsync(volunteer, actor).ConfigureAwait(false);
            if (basis is null)
            {
                return null;
            }

            var v = live.Pool.Get(volunteer);
            var location = new LocationView(v.LastKnown.Latitude, v.LastKnown.Longitude, LocationPrecision.Precise, v.LastSeenAt);
            var now = time.GetUtcNow();
            string why = purpose ?? $"Commander of incident {basis.Incident.Value}; the volunteer holds its {basis.Basis} {basis.Offer.Value}.";
            long eventId = await tx.AppendAsync(new NewAuditEvent(now, actor, PrivacyAuditKinds.LocationRead, basis.Incident, volunteer, basis.Offer, why,
                new { basis = basis.Basis, incident = basis.Incident.Value, offer = basis.Offer.Value })).ConfigureAwait(false);
            return new PreciseLocationView(id, basis.Incident.Value, basis.Offer.Value, basis.Basis, location, eventId);
        }, cancellationToken).ConfigureAwait(false);

        return read is null
            ? TypedResults.Problem(
                statusCode: StatusCodes.Status403Forbidden,
                title: "Precise location is not available to you.",
                detail: $"Volunteer {id} holds no offer or active assignment in an open incident you command; the masked view (about 1 km) is at /api/volunteers/{id}.")
            : TypedResults.Ok(read);
    }

    private static async Task<Results<Ok<PhoneRevealView>, ProblemHttpResult>> RevealPhoneAsync(
        int id, PhoneRevealRequest body, ClaimsPrincipal user, LivePool live, IVolunteerContacts contacts, RecordStore store, TimeProvider time,
        CancellationToken cancellationToken)
    {
        if (!user.IsInRole(DispatchRoles.Commander) && !user.IsInRole(DispatchRoles.Admin))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Only commanders and admins may reveal a phone number.");
        }

        ArgumentNullException.ThrowIfNull(body, "reason");
        ArgumentException.ThrowIfNullOrWhiteSpace(body.Reason, "reason");
        string reason = body.Reason.Trim();
        ArgumentOutOfRangeException.ThrowIfGreaterThan(reason.Length, MaxReasonLength, "reason");
        if (id < 0 || id >= live.Pool.Count)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such volunteer.", detail: $"Volunteer {id} is not in the pool.");
        }

        var volunteer = new VolunteerId(id);
        if (contacts.PhoneOf(volunteer) is not { } phone)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No phone number on record.", detail: $"Volunteer {id} has no phone number.");
        }

        string actor = ActorOf(user);
        long eventId = await store.WriteAsync(tx => tx.AppendAsync(new NewAuditEvent(
            time.GetUtcNow(), actor, PrivacyAuditKinds.PhoneRevealed, null, volunteer, null, reason)), cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(new PhoneRevealView(id, phone, eventId));
    }

    private static string ActorOf(ClaimsPrincipal user) =>
        $"{(user.IsInRole(DispatchRoles.Admin) ? DispatchRoles.Admin : DispatchRoles.Commander)}:{user.Identity?.Name}";
}
