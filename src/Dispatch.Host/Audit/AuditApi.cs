using System.Globalization;
using System.Security.Claims;
using CsvHelper;
using Dispatch.Engine.Dispatching;
using Dispatch.Engine.Pool;
using Dispatch.Host.Api;
using Dispatch.Host.Auth;
using Dispatch.Host.Records;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Dispatch.Host.Audit;

/// <summary>One audit event as the API and the CSV export show it.</summary>
public sealed record AuditEventDto(long Id, DateTimeOffset At, string Actor, string Kind, long? Incident, int? Volunteer, long? Offer, string Reason, string Payload);

/// <summary>
/// The append-only audit trail, per incident (<c>/api/audit/incidents/{id}</c>, for the board) and per volunteer
/// (<c>/api/audit/volunteers/{id}</c>, for commanders and admins), as JSON or — with <c>?format=csv</c> — as an RFC 4180
/// CSV file for export. Every event says who, when, what and why; matching decisions carry the candidates' scores.
/// </summary>
internal static class AuditApi
{
    public static IEndpointRouteBuilder MapAuditApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapApiGroup("audit", DispatchPolicies.AnyUser, "Audit");
        group.MapGet("/incidents/{id:long}", async (long id, string? format, RecordStore store, CancellationToken ct) =>
            Respond(await store.ReadAsync(r => r.GetAuditForIncidentAsync(new IncidentId(id)), ct).ConfigureAwait(false), format, $"incident-{id}"))
            .RequireAuthorization(DispatchPolicies.Board).WithName("IncidentAudit");
        group.MapGet("/volunteers/{id:int}", async Task<Results<Ok<IReadOnlyList<AuditEventDto>>, FileContentHttpResult, ProblemHttpResult>> (
            int id, string? format, ClaimsPrincipal user, RecordStore store, CancellationToken ct) =>
        {
            // A volunteer reads their own trail only; commanders and admins read anyone's.
            if (user.IsInRole(DispatchRoles.Volunteer) && user.VolunteerIdOf()?.Value != id)
            {
                return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Volunteers see only their own audit trail.");
            }

            return Respond(await store.ReadAsync(r => r.GetAuditForVolunteerAsync(new VolunteerId(id)), ct).ConfigureAwait(false), format, $"volunteer-{id}");
        })
            .RequireAuthorization(DispatchPolicies.VolunteerReader).WithName("VolunteerAudit");
        return routes;
    }

    private static Results<Ok<IReadOnlyList<AuditEventDto>>, FileContentHttpResult, ProblemHttpResult> Respond(IReadOnlyList<AuditEvent> events, string? format, string name)
    {
        var rows = events.Select(e => new AuditEventDto(e.Id, e.At, e.Actor, e.Kind, e.Incident?.Value, e.Volunteer?.Value, e.Offer?.Value, e.Reason, e.Payload)).ToList();
        return format switch
        {
            null or "" or "json" => TypedResults.Ok<IReadOnlyList<AuditEventDto>>(rows),
            "csv" => TypedResults.File(Csv(rows), "text/csv; charset=utf-8", $"audit-{name}.csv"),
            _ => TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Unknown format.", detail: "format is json or csv."),
        };
    }

    /// <summary>RFC 4180, UTF-8 with a byte-order mark so spreadsheet programs read the Chinese text correctly.</summary>
    internal static byte[] Csv(IReadOnlyList<AuditEventDto> rows)
    {
        using var buffer = new MemoryStream();
        var options = new CsvWriterOptions { FormatProvider = CultureInfo.InvariantCulture, WriteByteOrderMark = true, NewLine = "\r\n" };
        using (var csv = CsvWriter.Create(buffer, options, true))
        {
            csv.WriteRecords(rows.Select(r => new AuditCsvRow
            {
                Id = r.Id, At = r.At.UtcDateTime.ToString("O", CultureInfo.InvariantCulture), Actor = r.Actor, Kind = r.Kind,
                Incident = r.Incident, Volunteer = r.Volunteer, Offer = r.Offer, Reason = r.Reason, Payload = r.Payload,
            }));
        }

        return buffer.ToArray();
    }
}

/// <summary>One CSV line of the audit export; CsvHelper generates its writer at compile time.</summary>
[CsvRecord]
internal sealed partial class AuditCsvRow
{
    public long Id { get; init; }
    public string At { get; init; } = "";
    public string Actor { get; init; } = "";
    public string Kind { get; init; } = "";
    public long? Incident { get; init; }
    public int? Volunteer { get; init; }
    public long? Offer { get; init; }
    public string Reason { get; init; } = "";
    public string Payload { get; init; } = "";
}
