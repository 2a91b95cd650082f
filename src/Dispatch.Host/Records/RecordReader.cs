using System.Data.Common;
using Dapper;
using Dispatch.Engine.Dispatching;
using Dispatch.Engine.Pool;

namespace Dispatch.Host.Records;

/// <summary>An incident's open requirement with the number of its offers still pending: what re-matching needs.</summary>
public sealed record OpenDemand(Incident Incident, Requirement Requirement, int PendingOffers);

/// <summary>Queries over the record, inside a read or write transaction of <see cref="RecordStore"/>.</summary>
public class RecordReader
{
    private protected const string OfferColumns =
        "id, incident_id, requirement_id, volunteer_id, state, sent_at, expires_at, acked_at, answered_at, risk_statement, " +
        "meeting_point, window_from, window_to, score_json, manual, manual_reason, withdraw_reason, decline_reason";

    private protected const string AssignmentColumns =
        "offer_id, incident_id, requirement_id, volunteer_id, state, accepted_at, en_route_at, on_scene_at, released_at";

    private protected const string IncidentColumns =
        "id, type_key, severity, lat, lon, command_authority, meeting_point, notes, offer_timeout_ms, state, created_at, created_by, is_drill";

    private protected const string RequirementColumns =
        "id, incident_id, skill, min_level, seats, filled, radius_m, current_min_level, escalation_step";

    private protected const string AuditColumns = "id, at, actor, kind, incident_id, volunteer_id, offer_id, reason, payload";

    /// <summary>Ids per <c>IN (…)</c> list: well under SQLite's parameter limit.</summary>
    private const int SetChunk = 500;

    internal RecordReader(DbConnection connection, DbTransaction transaction)
    {
        Connection = connection;
        Transaction = transaction;
    }

    internal DbConnection Connection { get; }

    internal DbTransaction Transaction { get; }

    public async Task<Incident?> GetIncidentAsync(IncidentId id) =>
        (await Connection.QuerySingleOrDefaultAsync<IncidentRow>(
            $"SELECT {IncidentColumns} FROM incidents WHERE id = @id", new { id = id.Value }, Transaction).ConfigureAwait(false))?.ToIncident();

    public async Task<Requirement?> GetRequirementAsync(RequirementId id) =>
        (await Connection.QuerySingleOrDefaultAsync<RequirementRow>(
            $"SELECT {RequirementColumns} FROM requirements WHERE id = @id", new { id = id.Value }, Transaction).ConfigureAwait(false))?.ToRequirement();

    public async Task<IReadOnlyList<Requirement>> GetRequirementsAsync(IncidentId incident) =>
        [.. (await Connection.QueryAsync<RequirementRow>(
            $"SELECT {RequirementColumns} FROM requirements WHERE incident_id = @incident ORDER BY id", new { incident = incident.Value }, Transaction)
            .ConfigureAwait(false)).Select(r => r.ToRequirement())];

    public async Task<Offer?> GetOfferAsync(OfferId id) =>
        (await Connection.QuerySingleOrDefaultAsync<OfferRow>(
            $"SELECT {OfferColumns} FROM offers WHERE id = @id", new { id = id.Value }, Transaction).ConfigureAwait(false))?.ToOffer();

    /// <summary>The offers of <paramref name="ids"/> that are still pending, in id order, in one query per 500 ids.</summary>
    public async Task<IReadOnlyList<Offer>> GetPendingOffersAsync(IReadOnlyCollection<OfferId> ids) =>
        [.. (await QueryByIdsAsync<OfferRow>($"SELECT {OfferColumns} FROM offers WHERE state = 'pending' AND id IN @ids ORDER BY id", ids.Select(i => i.Value))
            .ConfigureAwait(false)).Select(r => r.ToOffer())];

    /// <summary>
    /// The stored expiry of each offer of <paramref name="ids"/> that is still pending, in id order: what arming a timer
    /// needs, without the offers' texts and scores (one query per 500 ids).
    /// </summary>
    public async Task<IReadOnlyList<(OfferId Offer, DateTimeOffset ExpiresAt)>> GetPendingExpiriesAsync(IReadOnlyCollection<OfferId> ids) =>
        [.. (await QueryByIdsAsync<(long Id, long ExpiresAt)>("SELECT id, expires_at FROM offers WHERE state = 'pending' AND id IN @ids ORDER BY id", ids.Select(i => i.Value))
            .ConfigureAwait(false)).Select(r => (new OfferId(r.Id), Times.From(r.ExpiresAt)))];

    /// <summary>The incidents of <paramref name="ids"/> that exist, by id, in one query per 500 ids.</summary>
    public async Task<IReadOnlyDictionary<IncidentId, Incident>> GetIncidentsAsync(IEnumerable<IncidentId> ids) =>
        (await QueryByIdsAsync<IncidentRow>($"SELECT {IncidentColumns} FROM incidents WHERE id IN @ids", ids.Select(i => i.Value)).ConfigureAwait(false))
            .Select(r => r.ToIncident()).ToDictionary(i => i.Id);

    /// <summary>The requirements of <paramref name="ids"/> that exist, by id, in one query per 500 ids.</summary>
    public async Task<IReadOnlyDictionary<RequirementId, Requirement>> GetRequirementsAsync(IEnumerable<RequirementId> ids) =>
        (await QueryByIdsAsync<RequirementRow>($"SELECT {RequirementColumns} FROM requirements WHERE id IN @ids", ids.Select(i => i.Value)).ConfigureAwait(false))
            .Select(r => r.ToRequirement()).ToDictionary(r => r.Id);

    /// <summary>
    /// The offers of <paramref name="ids"/> that are still pending, with their incidents and requirements: what the
    /// hub announcements need, in a handful of queries whatever the number of offers.
    /// </summary>
    public async Task<IReadOnlyList<(Offer Offer, Incident Incident, Requirement Requirement)>> GetPendingOffersWithContextAsync(IReadOnlyCollection<OfferId> ids)
    {
        var offers = await GetPendingOffersAsync(ids).ConfigureAwait(false);
        if (offers.Count == 0)
        {
            return [];
        }

        var incidents = await GetIncidentsAsync(offers.Select(o => o.Incident)).ConfigureAwait(false);
        var requirements = await GetRequirementsAsync(offers.Select(o => o.Requirement)).ConfigureAwait(false);
        return [.. offers
            .Where(o => incidents.ContainsKey(o.Incident) && requirements.ContainsKey(o.Requirement))
            .Select(o => (o, incidents[o.Incident], requirements[o.Requirement]))];
    }

    public Task<IReadOnlyList<Offer>> GetOffersAsync(RequirementId requirement) =>
        QueryOffersAsync("requirement_id = @key ORDER BY id", new { key = requirement.Value });

    public Task<IReadOnlyList<Offer>> GetOffersForIncidentAsync(IncidentId incident) =>
        QueryOffersAsync("incident_id = @key ORDER BY id", new { key = incident.Value });

    /// <summary>The volunteer's pending offers (at most one, by the claim index): what a reconnecting client pulls.</summary>
    public Task<IReadOnlyList<Offer>> GetPendingOffersForVolunteerAsync(VolunteerId volunteer) =>
        QueryOffersAsync("volunteer_id = @key AND state = 'pending' ORDER BY id", new { key = (long)volunteer.Value });

    /// <summary>Pending offers whose expiry is at or before <paramref name="now"/>, oldest expiry first (the sweeper's list).</summary>
    public async Task<IReadOnlyList<Offer>> GetOffersDueAsync(DateTimeOffset now, int max) =>
        [.. (await Connection.QueryAsync<OfferRow>(
            $"SELECT {OfferColumns} FROM offers WHERE state = 'pending' AND expires_at <= @now ORDER BY expires_at, id LIMIT @max",
            new { now = Times.Ms(now), max }, Transaction).ConfigureAwait(false)).Select(r => r.ToOffer())];

    /// <summary>Every pending offer, for re-arming expiry timers at start-up.</summary>
    public Task<IReadOnlyList<Offer>> GetPendingOffersAsync() => QueryOffersAsync("state = 'pending' ORDER BY expires_at, id", null);

    public async Task<Assignment?> GetAssignmentAsync(OfferId offer) =>
        (await Connection.QuerySingleOrDefaultAsync<AssignmentRow>(
            $"SELECT {AssignmentColumns} FROM assignments WHERE offer_id = @id", new { id = offer.Value }, Transaction).ConfigureAwait(false))?.ToAssignment();

    public async Task<IReadOnlyList<Assignment>> GetAssignmentsAsync(IncidentId incident) =>
        [.. (await Connection.QueryAsync<AssignmentRow>(
            $"SELECT {AssignmentColumns} FROM assignments WHERE incident_id = @incident ORDER BY offer_id", new { incident = incident.Value }, Transaction)
            .ConfigureAwait(false)).Select(r => r.ToAssignment())];

    /// <summary>
    /// Open requirements (seats left) of open incidents, with their pending offer counts, oldest first. Three set
    /// queries whatever the number of open requirements: a matching round runs inside the write path, so its reads must
    /// not grow a round trip per requirement.
    /// </summary>
    public async Task<IReadOnlyList<OpenDemand>> GetOpenDemandAsync(bool drills)
    {
        const string Open = "FROM requirements r JOIN incidents i ON i.id = r.incident_id WHERE i.state = 'open' AND i.is_drill = @drill AND r.filled < r.seats";
        var parameters = new { drill = drills ? 1 : 0 };
        var requirements = (await Connection.QueryAsync<RequirementRow>(
            $"SELECT {string.Join(", ", RequirementColumns.Split(", ").Select(c => "r." + c))} {Open} ORDER BY r.id", parameters, Transaction)
            .ConfigureAwait(false)).Select(r => r.ToRequirement()).ToList();

        // The other two run even when nothing is open (they then return nothing at once): the start-up warm-up reads
        // open demand on an empty record and must reach all three.
        var incidents = (await Connection.QueryAsync<IncidentRow>(
            $"SELECT {IncidentColumns} FROM incidents WHERE id IN (SELECT r.incident_id {Open})", parameters, Transaction).ConfigureAwait(false))
            .Select(r => r.ToIncident()).ToDictionary(i => i.Id);
        var pending = (await Connection.QueryAsync<(long Requirement, long Count)>(
            $"SELECT o.requirement_id, COUNT(*) FROM offers o WHERE o.state = 'pending' AND o.requirement_id IN (SELECT r.id {Open}) GROUP BY o.requirement_id",
            parameters, Transaction).ConfigureAwait(false)).ToDictionary(x => x.Requirement, x => (int)x.Count);
        var result = new List<OpenDemand>(requirements.Count);
        foreach (var requirement in requirements)
        {
            var incident = incidents.GetValueOrDefault(requirement.Incident) ?? throw new InvalidDataException($"Requirement {requirement.Id} has no incident.");
            result.Add(new OpenDemand(incident, requirement, pending.GetValueOrDefault(requirement.Id.Value)));
        }

        return result;
    }

    /// <summary>
    /// Who has ever been offered each of <paramref name="requirements"/> (any state): the volunteers a matching round
    /// must not ask again for the same requirement. One query per 500 requirements.
    /// </summary>
    public async Task<Dictionary<RequirementId, HashSet<VolunteerId>>> GetOfferedVolunteersAsync(IReadOnlyCollection<RequirementId> requirements)
    {
        var result = requirements.Distinct().ToDictionary(r => r, _ => new HashSet<VolunteerId>());
        var rows = await QueryByIdsAsync<(long Requirement, long Volunteer)>(
            "SELECT requirement_id, volunteer_id FROM offers WHERE requirement_id IN @ids", result.Keys.Select(r => r.Value)).ConfigureAwait(false);
        foreach (var (requirement, volunteer) in rows)
        {
            result[new RequirementId(requirement)].Add(new VolunteerId((int)volunteer));
        }

        return result;
    }

    /// <summary>
    /// Runs <paramref name="sql"/> (with an <c>IN @ids</c> list) for the distinct <paramref name="ids"/>, 500 at a time,
    /// and returns every row; rows come in each query's order, queries in id order.
    /// </summary>
    private async Task<List<TRow>> QueryByIdsAsync<TRow>(string sql, IEnumerable<long> ids)
    {
        var rows = new List<TRow>();
        foreach (var chunk in ids.Distinct().Chunk(SetChunk))
        {
            rows.AddRange(await Connection.QueryAsync<TRow>(sql, new { ids = chunk }, Transaction).ConfigureAwait(false));
        }

        return rows;
    }

    public Task<IReadOnlyList<AuditEvent>> GetAuditForIncidentAsync(IncidentId incident) =>
        QueryAuditAsync("incident_id = @key", incident.Value);

    public Task<IReadOnlyList<AuditEvent>> GetAuditForVolunteerAsync(VolunteerId volunteer) =>
        QueryAuditAsync("volunteer_id = @key", volunteer.Value);

    /// <summary>The change feed: events after <paramref name="afterId"/> in commit order, at most <paramref name="max"/>.</summary>
    public async Task<IReadOnlyList<AuditEvent>> GetEventsAfterAsync(long afterId, int max) =>
        [.. (await Connection.QueryAsync<AuditRow>(
            $"SELECT {AuditColumns} FROM audit_events WHERE id > @afterId ORDER BY id LIMIT @max", new { afterId, max }, Transaction)
            .ConfigureAwait(false)).Select(r => r.ToEvent())];

    /// <summary>The id of the last audit event, 0 when there is none.</summary>
    public async Task<long> GetLastEventIdAsync() =>
        await Connection.ExecuteScalarAsync<long?>("SELECT MAX(id) FROM audit_events", null, Transaction).ConfigureAwait(false) ?? 0;

    /// <summary>Incidents in <paramref name="state"/>, newest first, at most <paramref name="max"/>.</summary>
    public async Task<IReadOnlyList<Incident>> GetIncidentsAsync(IncidentState state, int max) =>
        [.. (await Connection.QueryAsync<IncidentRow>(
            $"SELECT {IncidentColumns} FROM incidents WHERE state = @state ORDER BY id DESC LIMIT @max", new { state = state.Name(), max }, Transaction)
            .ConfigureAwait(false)).Select(r => r.ToIncident())];

    private async Task<IReadOnlyList<Offer>> QueryOffersAsync(string where, object? parameters) =>
        [.. (await Connection.QueryAsync<OfferRow>($"SELECT {OfferColumns} FROM offers WHERE {where}", parameters, Transaction)
            .ConfigureAwait(false)).Select(r => r.ToOffer())];

    private async Task<IReadOnlyList<AuditEvent>> QueryAuditAsync(string where, long key) =>
        [.. (await Connection.QueryAsync<AuditRow>($"SELECT {AuditColumns} FROM audit_events WHERE {where} ORDER BY id", new { key }, Transaction)
            .ConfigureAwait(false)).Select(r => r.ToEvent())];
}
