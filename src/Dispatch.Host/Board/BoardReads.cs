using System.Text.Json;
using Dapper;
using Dispatch.Host.Records;

namespace Dispatch.Host.Board;

/// <summary>Read queries the board needs beyond <see cref="RecordReader"/>'s, in the store's portable SQL (one dialect).</summary>
internal static class BoardReads
{
    /// <summary>Pending offers per requirement of open incidents.</summary>
    public static async Task<Dictionary<long, int>> GetPendingCountsAsync(this RecordReader r) =>
        (await r.Connection.QueryAsync<(long RequirementId, long Count)>(
            """
            SELECT o.requirement_id, COUNT(*) FROM offers o JOIN incidents i ON i.id = o.incident_id
            WHERE o.state = 'pending' AND i.state = 'open' GROUP BY o.requirement_id
            """, null, r.Transaction).ConfigureAwait(false)).ToDictionary(x => x.RequirementId, x => (int)x.Count);

    /// <summary>The latest shortfall (and whether the ladder is exhausted) per requirement of the given incidents.</summary>
    public static async Task<Dictionary<long, (string Reason, bool Exhausted)>> GetShortfallsAsync(this RecordReader r, IEnumerable<long> incidents)
    {
        var result = new Dictionary<long, (string, bool)>();
        var rows = await r.Connection.QueryAsync<(string Kind, string Reason, string Payload)>(
            """
            SELECT kind, reason, payload FROM audit_events
            WHERE incident_id IN @incidents AND kind IN ('shortfall.recorded', 'escalation.exhausted', 'escalation.applied')
            ORDER BY id
            """, new { incidents = incidents.ToArray() }, r.Transaction).ConfigureAwait(false);
        foreach (var (kind, reason, payload) in rows)
        {
            if (RequirementOf(payload) is not { } requirement)
            {
                continue;
            }

            switch (kind)
            {
                case "shortfall.recorded":
                    result[requirement] = (reason, result.TryGetValue(requirement, out var before) && before.Item2);
                    break;
                case "escalation.exhausted":
                    result[requirement] = (reason, true);
                    break;
                default:
                    // A rung applied: the search changed, the old shortfall reason no longer describes it.
                    result.Remove(requirement);
                    break;
            }
        }

        return result;
    }

    /// <summary>The latest matching decision per requirement of an incident: ranked candidates with scores, and the chosen.</summary>
    public static async Task<Dictionary<long, MatchedPayload>> GetLatestMatchesAsync(this RecordReader r, long incident)
    {
        var result = new Dictionary<long, MatchedPayload>();
        var rows = await r.Connection.QueryAsync<string>(
            "SELECT payload FROM audit_events WHERE incident_id = @incident AND kind = 'requirement.matched' ORDER BY id",
            new { incident }, r.Transaction).ConfigureAwait(false);
        foreach (var payload in rows)
        {
            var matched = JsonSerializer.Deserialize<MatchedPayload>(payload, Json.Options);
            if (matched is not null)
            {
                result[matched.Requirement] = matched;
            }
        }

        return result;
    }

    /// <summary>Offers (by id) whose volunteer reported the task done.</summary>
    public static async Task<HashSet<long>> GetDoneReportsAsync(this RecordReader r, long incident) =>
        [.. await r.Connection.QueryAsync<long>(
            "SELECT offer_id FROM audit_events WHERE incident_id = @incident AND kind = @kind AND offer_id IS NOT NULL",
            new { incident, kind = ReportAssignmentDone.Kind }, r.Transaction).ConfigureAwait(false)];

    /// <summary>Volunteers committed to open incidents: pending offers and active assignments, with who created the incident.</summary>
    public static async Task<IReadOnlyList<CommittedRow>> GetCommittedAsync(this RecordReader r) =>
        [.. await r.Connection.QueryAsync<CommittedRow>(
            """
            SELECT a.volunteer_id AS VolunteerId, a.incident_id AS IncidentId, a.offer_id AS OfferId, a.state AS State, i.created_by AS CreatedBy
            FROM assignments a JOIN incidents i ON i.id = a.incident_id
            WHERE a.state IN ('accepted', 'en_route', 'on_scene') AND i.state = 'open'
            UNION ALL
            SELECT o.volunteer_id, o.incident_id, o.id, 'offered', i.created_by
            FROM offers o JOIN incidents i ON i.id = o.incident_id
            WHERE o.state = 'pending' AND i.state = 'open'
            """, null, r.Transaction).ConfigureAwait(false)];

    /// <summary>A volunteer's assignments, newest first.</summary>
    public static async Task<IReadOnlyList<long>> GetAssignmentIdsForVolunteerAsync(this RecordReader r, int volunteer) =>
        [.. await r.Connection.QueryAsync<long>(
            "SELECT offer_id FROM assignments WHERE volunteer_id = @volunteer ORDER BY offer_id DESC",
            new { volunteer = (long)volunteer }, r.Transaction).ConfigureAwait(false)];

    public static async Task<bool> HasDoneReportAsync(this RecordReader r, long offer) =>
        await r.Connection.ExecuteScalarAsync<long>(
            "SELECT COUNT(*) FROM audit_events WHERE offer_id = @offer AND kind = @kind", new { offer, kind = ReportAssignmentDone.Kind }, r.Transaction)
            .ConfigureAwait(false) > 0;

    private static long? RequirementOf(string payload)
    {
        try
        {
            using var doc = JsonDocument.Parse(payload);
            return doc.RootElement.TryGetProperty("requirement", out var value) && value.TryGetInt64(out long id) ? id : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

#pragma warning disable CA1812 // instantiated by Dapper and System.Text.Json through reflection
internal sealed record CommittedRow(long VolunteerId, long IncidentId, long OfferId, string State, string CreatedBy);

/// <summary>The payload of <c>requirement.matched</c> (see DispatchRound): every ranked candidate with its score, and the chosen.</summary>
internal sealed record MatchedPayload(long Requirement, IReadOnlyList<int> Chosen, IReadOnlyList<MatchedCandidate> Candidates);

internal sealed record MatchedCandidate(int Volunteer, int Level, Engine.Matching.ScoreBreakdown Score);
#pragma warning restore CA1812
