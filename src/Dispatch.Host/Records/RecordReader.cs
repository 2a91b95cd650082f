using System.Data.Common;
using System.Globalization;
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
        (await RowsAsync($"SELECT {IncidentColumns} FROM incidents WHERE id = @id", Rows.Incident, ("@id", id.Value)).ConfigureAwait(false)).SingleOrDefault();

    public async Task<Requirement?> GetRequirementAsync(RequirementId id) =>
        (await RowsAsync($"SELECT {RequirementColumns} FROM requirements WHERE id = @id", Rows.Requirement, ("@id", id.Value)).ConfigureAwait(false)).SingleOrDefault();

    public async Task<IReadOnlyList<Requirement>> GetRequirementsAsync(IncidentId incident) =>
        await RowsAsync($"SELECT {RequirementColumns} FROM requirements WHERE incident_id = @incident ORDER BY id", Rows.Requirement, ("@incident", incident.Value))
            .ConfigureAwait(false);

    public async Task<Offer?> GetOfferAsync(OfferId id) =>
        (await RowsAsync($"SELECT {OfferColumns} FROM offers WHERE id = @id", Rows.Offer, ("@id", id.Value)).ConfigureAwait(false)).SingleOrDefault();

    /// <summary>The offers of <paramref name="ids"/> that are still pending, in id order, in one query per 500 ids.</summary>
    public async Task<IReadOnlyList<Offer>> GetPendingOffersAsync(IReadOnlyCollection<OfferId> ids) =>
        await RowsByIdsAsync($"SELECT {OfferColumns} FROM offers WHERE state = 'pending' AND id IN {{ids}} ORDER BY id", ids.Select(i => i.Value), Rows.Offer)
            .ConfigureAwait(false);

    /// <summary>
    /// The stored expiry of each offer of <paramref name="ids"/> that is still pending, in id order: what arming a timer
    /// needs, without the offers' texts and scores (one query per 500 ids).
    /// </summary>
    public async Task<IReadOnlyList<(OfferId Offer, DateTimeOffset ExpiresAt)>> GetPendingExpiriesAsync(IReadOnlyCollection<OfferId> ids) =>
        await RowsByIdsAsync(
            "SELECT id, expires_at FROM offers WHERE state = 'pending' AND id IN {ids} ORDER BY id", ids.Select(i => i.Value),
            r => (new OfferId(r.GetInt64(0)), Times.From(r.GetInt64(1)))).ConfigureAwait(false);

    /// <summary>The incidents of <paramref name="ids"/> that exist, by id, in one query per 500 ids.</summary>
    public async Task<IReadOnlyDictionary<IncidentId, Incident>> GetIncidentsAsync(IEnumerable<IncidentId> ids) =>
        (await RowsByIdsAsync($"SELECT {IncidentColumns} FROM incidents WHERE id IN {{ids}}", ids.Select(i => i.Value), Rows.Incident).ConfigureAwait(false))
            .ToDictionary(i => i.Id);

    /// <summary>The requirements of <paramref name="ids"/> that exist, by id, in one query per 500 ids.</summary>
    public async Task<IReadOnlyDictionary<RequirementId, Requirement>> GetRequirementsAsync(IEnumerable<RequirementId> ids) =>
        (await RowsByIdsAsync($"SELECT {RequirementColumns} FROM requirements WHERE id IN {{ids}}", ids.Select(i => i.Value), Rows.Requirement).ConfigureAwait(false))
            .ToDictionary(r => r.Id);

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
        QueryOffersAsync("requirement_id = @key ORDER BY id", ("@key", requirement.Value));

    public Task<IReadOnlyList<Offer>> GetOffersForIncidentAsync(IncidentId incident) =>
        QueryOffersAsync("incident_id = @key ORDER BY id", ("@key", incident.Value));

    /// <summary>The volunteer's pending offers (at most one, by the claim index): what a reconnecting client pulls.</summary>
    public Task<IReadOnlyList<Offer>> GetPendingOffersForVolunteerAsync(VolunteerId volunteer) =>
        QueryOffersAsync("volunteer_id = @key AND state = 'pending' ORDER BY id", ("@key", (long)volunteer.Value));

    /// <summary>Pending offers whose expiry is at or before <paramref name="now"/>, oldest expiry first (the sweeper's list).</summary>
    public Task<IReadOnlyList<Offer>> GetOffersDueAsync(DateTimeOffset now, int max) =>
        QueryOffersAsync("state = 'pending' AND expires_at <= @now ORDER BY expires_at, id LIMIT @max", ("@now", Times.Ms(now)), ("@max", max));

    /// <summary>Every pending offer, for re-arming expiry timers at start-up.</summary>
    public Task<IReadOnlyList<Offer>> GetPendingOffersAsync() => QueryOffersAsync("state = 'pending' ORDER BY expires_at, id");

    public async Task<Assignment?> GetAssignmentAsync(OfferId offer) =>
        (await RowsAsync($"SELECT {AssignmentColumns} FROM assignments WHERE offer_id = @id", Rows.Assignment, ("@id", offer.Value)).ConfigureAwait(false)).SingleOrDefault();

    public async Task<IReadOnlyList<Assignment>> GetAssignmentsAsync(IncidentId incident) =>
        await RowsAsync($"SELECT {AssignmentColumns} FROM assignments WHERE incident_id = @incident ORDER BY offer_id", Rows.Assignment, ("@incident", incident.Value))
            .ConfigureAwait(false);

    /// <summary>
    /// Open requirements (seats left) of open incidents, with their pending offer counts, oldest first. Three set
    /// queries whatever the number of open requirements: a matching round runs inside the write path, so its reads must
    /// not grow a round trip per requirement.
    /// </summary>
    public async Task<IReadOnlyList<OpenDemand>> GetOpenDemandAsync(bool drills)
    {
        const string Open = "FROM requirements r JOIN incidents i ON i.id = r.incident_id WHERE i.state = 'open' AND i.is_drill = @drill AND r.filled < r.seats";
        var drill = ("@drill", (object?)(drills ? 1 : 0));
        var requirements = await RowsAsync(
            $"SELECT {string.Join(", ", RequirementColumns.Split(", ").Select(c => "r." + c))} {Open} ORDER BY r.id", Rows.Requirement, drill).ConfigureAwait(false);

        // The other two run even when nothing is open (they then return nothing at once): the start-up warm-up reads
        // open demand on an empty record and must reach all three.
        var incidents = (await RowsAsync($"SELECT {IncidentColumns} FROM incidents WHERE id IN (SELECT r.incident_id {Open})", Rows.Incident, drill)
            .ConfigureAwait(false)).ToDictionary(i => i.Id);
        var pending = (await RowsAsync(
            $"SELECT o.requirement_id, COUNT(*) FROM offers o WHERE o.state = 'pending' AND o.requirement_id IN (SELECT r.id {Open}) GROUP BY o.requirement_id",
            r => (Requirement: r.GetInt64(0), Count: r.GetInt64(1)), drill).ConfigureAwait(false)).ToDictionary(x => x.Requirement, x => (int)x.Count);
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
        var rows = await RowsByIdsAsync(
            "SELECT requirement_id, volunteer_id FROM offers WHERE requirement_id IN {ids}", result.Keys.Select(r => r.Value),
            r => (Requirement: r.GetInt64(0), Volunteer: r.GetInt64(1))).ConfigureAwait(false);
        foreach (var (requirement, volunteer) in rows)
        {
            result[new RequirementId(requirement)].Add(new VolunteerId((int)volunteer));
        }

        return result;
    }

    /// <summary>
    /// Runs <paramref name="sql"/> — whose <c>{ids}</c> becomes a parenthesised parameter list — for the distinct
    /// <paramref name="ids"/>, 500 at a time, and maps every row; rows come in each query's order, queries in id order.
    /// </summary>
    private async Task<List<T>> RowsByIdsAsync<T>(string sql, IEnumerable<long> ids, Func<DbDataReader, T> map)
    {
        var rows = new List<T>();
        foreach (var chunk in ids.Distinct().Chunk(SetChunk))
        {
            var names = new string[chunk.Length];
            var parameters = new (string, object?)[chunk.Length];
            for (int i = 0; i < chunk.Length; i++)
            {
                names[i] = string.Create(CultureInfo.InvariantCulture, $"@id{i}");
                parameters[i] = (names[i], chunk[i]);
            }

            rows.AddRange(await RowsAsync(sql.Replace("{ids}", "(" + string.Join(", ", names) + ")", StringComparison.Ordinal), map, parameters).ConfigureAwait(false));
        }

        return rows;
    }

    /// <summary>
    /// Runs <paramref name="sql"/> with <paramref name="parameters"/> and maps each row with <paramref name="map"/> (by
    /// column position, as <see cref="Rows"/> does): the hot reads of rounds, timers and the change feed read their rows
    /// straight from the reader, with no per-database mapper to build on first use and no boxing of each number.
    /// </summary>
    private protected async Task<List<T>> RowsAsync<T>(string sql, Func<DbDataReader, T> map, params (string Name, object? Value)[] parameters)
    {
        var command = Connection.CreateCommand();
        await using (command.ConfigureAwait(false))
        {
            command.CommandText = sql;
            command.Transaction = Transaction;
            foreach (var (name, value) in parameters)
            {
                var parameter = command.CreateParameter();
                parameter.ParameterName = name;
                parameter.Value = value ?? DBNull.Value;
                command.Parameters.Add(parameter);
            }

            var rows = new List<T>();
            var reader = await command.ExecuteReaderAsync().ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                while (await reader.ReadAsync().ConfigureAwait(false))
                {
                    rows.Add(map(reader));
                }
            }

            return rows;
        }
    }

    public Task<IReadOnlyList<AuditEvent>> GetAuditForIncidentAsync(IncidentId incident) =>
        QueryAuditAsync("incident_id = @key", incident.Value);

    public Task<IReadOnlyList<AuditEvent>> GetAuditForVolunteerAsync(VolunteerId volunteer) =>
        QueryAuditAsync("volunteer_id = @key", volunteer.Value);

    /// <summary>The change feed: events after <paramref name="afterId"/> in commit order, at most <paramref name="max"/>.</summary>
    public async Task<IReadOnlyList<AuditEvent>> GetEventsAfterAsync(long afterId, int max) =>
        await RowsAsync($"SELECT {AuditColumns} FROM audit_events WHERE id > @afterId ORDER BY id LIMIT @max", Rows.Event, ("@afterId", afterId), ("@max", max))
            .ConfigureAwait(false);

    /// <summary>The id of the last audit event, 0 when there is none.</summary>
    public async Task<long> GetLastEventIdAsync() =>
        await Connection.ExecuteScalarAsync<long?>("SELECT MAX(id) FROM audit_events", null, Transaction).ConfigureAwait(false) ?? 0;

    /// <summary>Incidents in <paramref name="state"/>, newest first, at most <paramref name="max"/>.</summary>
    public async Task<IReadOnlyList<Incident>> GetIncidentsAsync(IncidentState state, int max) =>
        await RowsAsync($"SELECT {IncidentColumns} FROM incidents WHERE state = @state ORDER BY id DESC LIMIT @max", Rows.Incident, ("@state", state.Name()), ("@max", max))
            .ConfigureAwait(false);

    private async Task<IReadOnlyList<Offer>> QueryOffersAsync(string where, params (string Name, object? Value)[] parameters) =>
        await RowsAsync($"SELECT {OfferColumns} FROM offers WHERE {where}", Rows.Offer, parameters).ConfigureAwait(false);

    private async Task<IReadOnlyList<AuditEvent>> QueryAuditAsync(string where, long key) =>
        await RowsAsync($"SELECT {AuditColumns} FROM audit_events WHERE {where} ORDER BY id", Rows.Event, ("@key", key)).ConfigureAwait(false);
}
