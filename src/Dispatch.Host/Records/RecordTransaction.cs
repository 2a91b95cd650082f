using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using Dapper;
using Dispatch.Engine.Dispatching;
using Dispatch.Engine.Pool;

namespace Dispatch.Host.Records;

/// <summary>A new incident to record; the store assigns the id.</summary>
public sealed record NewIncident(
    string TypeKey,
    Engine.PrePlans.Severity Severity,
    Engine.Geo.GeoPoint Location,
    string CommandAuthority,
    string MeetingPoint,
    string Notes,
    TimeSpan OfferTimeout,
    DateTimeOffset CreatedAt,
    string CreatedBy,
    bool IsDrill);

/// <summary>
/// Writes inside one write transaction of <see cref="RecordStore"/>. Every transition is conditional: the <c>Try…</c>
/// methods return false when the row was no longer in the expected state, so the affected-row count decides the winner
/// of any race. Inserts that would break a uniqueness guarantee throw <see cref="RecordConflictException"/>.
/// </summary>
public sealed class RecordTransaction : RecordReader, IDisposable
{
    private const string InsertOfferSql =
        """
        INSERT INTO offers (incident_id, requirement_id, volunteer_id, state, sent_at, expires_at, risk_statement, meeting_point,
                            window_from, window_to, score_json, manual, manual_reason)
        VALUES (@incident, @requirement, @volunteer, 'pending', @sent, @expires, @risk, @meeting, @from, @to, @score, @manual, @manualReason)
        ON CONFLICT (volunteer_id) WHERE state = 'pending' DO NOTHING
        RETURNING id
        """;

    /// <summary>Most rows one multi-row statement writes; longer lists are written in statements of this many rows.</summary>
    public const int RowsPerStatement = 32;

    // The multi-row forms of the per-offer statements: the head, one row's values ({0} is the row's number, which names
    // its parameters), and the tail. A round writes its offers, claims and audit in a few of these instead of three
    // statements per offer.
    private static readonly MultiRow InsertOffers = new(
        "INSERT INTO offers (incident_id, requirement_id, volunteer_id, state, sent_at, expires_at, risk_statement, meeting_point, window_from, window_to, score_json, manual, manual_reason) VALUES ",
        "(@i{0}, @r{0}, @v{0}, 'pending', @s{0}, @e{0}, @k{0}, @m{0}, @f{0}, @t{0}, @c{0}, 0, NULL)",
        " ON CONFLICT (volunteer_id) WHERE state = 'pending' DO NOTHING RETURNING id, volunteer_id");

    private static readonly MultiRow SetCommitments = new(
        "INSERT INTO volunteer_state (volunteer_id, commitment, resting_until, updated_at) VALUES ",
        "(@v{0}, @c{0}, NULL, @n{0})",
        " ON CONFLICT (volunteer_id) DO UPDATE SET commitment = excluded.commitment, updated_at = excluded.updated_at");

    private static readonly MultiRow AppendEvents = new(
        "INSERT INTO audit_events (at, actor, kind, incident_id, volunteer_id, offer_id, reason, payload) VALUES ",
        "(@a{0}, @w{0}, @k{0}, @i{0}, @v{0}, @o{0}, @r{0}, @p{0})",
        string.Empty);

    private const string SetCommitmentSql =
        """
        INSERT INTO volunteer_state (volunteer_id, commitment, resting_until, updated_at) VALUES (@volunteer, @commitment, @resting, @now)
        ON CONFLICT (volunteer_id) DO UPDATE SET commitment = excluded.commitment,
            resting_until = COALESCE(excluded.resting_until, volunteer_state.resting_until), updated_at = excluded.updated_at
        """;

    private const string AppendSql =
        """
        INSERT INTO audit_events (at, actor, kind, incident_id, volunteer_id, offer_id, reason, payload)
        VALUES (@at, @actor, @kind, @incident, @volunteer, @offer, @reason, @payload)
        RETURNING id
        """;

    private readonly IRecordConnectionFactory _factory;

    // The statements run once per offer or per event, prepared once per transaction and run again with new values: a
    // round that writes a hundred offers parses each of them once instead of a hundred times.
    private readonly Dictionary<string, DbCommand> _statements = new(StringComparer.Ordinal);

    internal RecordTransaction(DbConnection connection, DbTransaction transaction, IRecordConnectionFactory factory)
        : base(connection, transaction)
    {
        _factory = factory;
    }

    /// <summary>Releases the prepared statements (before the transaction and its connection are closed).</summary>
    public void Dispose()
    {
        foreach (var command in _statements.Values)
        {
            command.Dispose();
        }

        _statements.Clear();
    }

    public async Task<IncidentId> InsertIncidentAsync(NewIncident incident)
    {
        ArgumentNullException.ThrowIfNull(incident);
        long id = await Connection.ExecuteScalarAsync<long>(
            """
            INSERT INTO incidents (type_key, severity, lat, lon, command_authority, meeting_point, notes, offer_timeout_ms, state, created_at, created_by, is_drill)
            VALUES (@TypeKey, @severity, @lat, @lon, @CommandAuthority, @MeetingPoint, @Notes, @timeout, 'open', @created, @CreatedBy, @drill)
            RETURNING id
            """,
            new
            {
                incident.TypeKey,
                severity = (int)incident.Severity,
                lat = incident.Location.Latitude,
                lon = incident.Location.Longitude,
                incident.CommandAuthority,
                incident.MeetingPoint,
                incident.Notes,
                timeout = (long)incident.OfferTimeout.TotalMilliseconds,
                created = Times.Ms(incident.CreatedAt),
                incident.CreatedBy,
                drill = incident.IsDrill ? 1 : 0,
            },
            Transaction).ConfigureAwait(false);
        return new IncidentId(id);
    }

    /// <summary>Records a requirement (its <see cref="Requirement.Id"/> is ignored) and returns it with the new id.</summary>
    public async Task<Requirement> InsertRequirementAsync(Requirement requirement)
    {
        ArgumentNullException.ThrowIfNull(requirement);
        long id = await Connection.ExecuteScalarAsync<long>(
            """
            INSERT INTO requirements (incident_id, skill, min_level, seats, filled, radius_m, current_min_level, escalation_step)
            VALUES (@incident, @skill, @level, @seats, @filled, @radius, @current, @step)
            RETURNING id
            """,
            new
            {
                incident = requirement.Incident.Value,
                skill = (int)requirement.Skill.Code,
                level = (int)requirement.MinLevel.Value,
                seats = requirement.Seats,
                filled = requirement.Filled,
                radius = requirement.Radius.Value,
                current = (int)requirement.CurrentMinLevel.Value,
                step = requirement.EscalationStep,
            },
            Transaction).ConfigureAwait(false);
        return requirement with { Id = new RequirementId(id) };
    }

    /// <summary>
    /// Writes an offer together with the claim on its volunteer. Returns null, writing nothing, when the volunteer
    /// already holds a pending offer (the claim index) — the caller records the skip.
    /// </summary>
    public async Task<Offer?> TryInsertOfferAsync(IncidentId incident, PlannedOffer offer, bool manual = false, string? manualReason = null)
    {
        ArgumentNullException.ThrowIfNull(offer);
        long? id = await ScalarAsync(
            InsertOfferSql,
            ("@incident", incident.Value),
            ("@requirement", offer.Requirement.Value),
            ("@volunteer", (long)offer.Volunteer.Value),
            ("@sent", Times.Ms(offer.SentAt)),
            ("@expires", Times.Ms(offer.ExpiresAt)),
            ("@risk", offer.RiskStatement),
            ("@meeting", offer.MeetingPoint),
            ("@from", Times.Ms(offer.WindowFrom)),
            ("@to", Times.Ms(offer.WindowTo)),
            ("@score", JsonSerializer.Serialize(offer.Score, Json.Options)),
            ("@manual", manual ? 1 : 0),
            ("@manualReason", manualReason)).ConfigureAwait(false);
        return id is { } v ? Written(new OfferId(v), incident, offer, manual, manualReason) : null;
    }

    /// <summary>
    /// Writes a round's offers, each together with the claim on its volunteer, in statements of up to
    /// <see cref="RowsPerStatement"/> offers. Returns, for each planned offer in order, the offer as written, or null where
    /// the volunteer already held a pending offer (nothing is written for it; the caller records the skip). A volunteer
    /// planned twice gets the first of the two, as writing them one by one would.
    /// </summary>
    public async Task<IReadOnlyList<Offer?>> TryInsertOffersAsync(IncidentId incident, IReadOnlyList<PlannedOffer> offers)
    {
        ArgumentNullException.ThrowIfNull(offers);
        var written = new Offer?[offers.Count];
        foreach (var (command, start, count) in Bound(InsertOffers, offers, o =>
        [
            incident.Value, o.Requirement.Value, (long)o.Volunteer.Value, Times.Ms(o.SentAt), Times.Ms(o.ExpiresAt), o.RiskStatement, o.MeetingPoint,
            Times.Ms(o.WindowFrom), Times.Ms(o.WindowTo), JsonSerializer.Serialize(o.Score, Json.Options),
        ]))
        {
            // The rows come back in no promised order: each is matched to its offer by volunteer (the claim makes the
            // volunteers of the rows written distinct).
            var ids = new Dictionary<long, long>(count);
            var reader = await command.ExecuteReaderAsync().ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                while (await reader.ReadAsync().ConfigureAwait(false))
                {
                    ids.Add(reader.GetInt64(1), reader.GetInt64(0));
                }
            }

            for (int row = start; row < start + count; row++)
            {
                if (ids.Remove((long)offers[row].Volunteer.Value, out long id))
                {
                    written[row] = Written(new OfferId(id), incident, offers[row], manual: false, manualReason: null);
                }
            }
        }

        return written;
    }

    // The row as stored (times at the record's millisecond resolution), without reading it back.
    private static Offer Written(OfferId id, IncidentId incident, PlannedOffer offer, bool manual, string? manualReason) =>
        new(id, incident, offer.Requirement, offer.Volunteer, OfferState.Pending, Times.From(Times.Ms(offer.SentAt)), Times.From(Times.Ms(offer.ExpiresAt)),
            null, null, offer.RiskStatement, offer.MeetingPoint, Times.From(Times.Ms(offer.WindowFrom)), Times.From(Times.Ms(offer.WindowTo)), offer.Score,
            manual, manualReason, null, null);

    /// <summary>Pending → accepted, only while unexpired at <paramref name="now"/>.</summary>
    public async Task<bool> TryAcceptOfferAsync(OfferId offer, DateTimeOffset now) =>
        await Connection.ExecuteAsync(
            "UPDATE offers SET state = 'accepted', answered_at = @now WHERE id = @id AND state = 'pending' AND expires_at > @now",
            new { id = offer.Value, now = Times.Ms(now) }, Transaction).ConfigureAwait(false) == 1;

    /// <summary>Pending → declined, only while unexpired at <paramref name="now"/>.</summary>
    public async Task<bool> TryDeclineOfferAsync(OfferId offer, DateTimeOffset now, string? reason) =>
        await Connection.ExecuteAsync(
            "UPDATE offers SET state = 'declined', answered_at = @now, decline_reason = @reason WHERE id = @id AND state = 'pending' AND expires_at > @now",
            new { id = offer.Value, now = Times.Ms(now), reason }, Transaction).ConfigureAwait(false) == 1;

    /// <summary>Pending → expired, only once the expiry has passed at <paramref name="now"/>.</summary>
    public async Task<bool> TryExpireOfferAsync(OfferId offer, DateTimeOffset now) =>
        await Connection.ExecuteAsync(
            "UPDATE offers SET state = 'expired', answered_at = @now WHERE id = @id AND state = 'pending' AND expires_at <= @now",
            new { id = offer.Value, now = Times.Ms(now) }, Transaction).ConfigureAwait(false) == 1;

    /// <summary>Pending → withdrawn with a reason.</summary>
    public async Task<bool> TryWithdrawOfferAsync(OfferId offer, DateTimeOffset now, WithdrawReason reason) =>
        await Connection.ExecuteAsync(
            "UPDATE offers SET state = 'withdrawn', answered_at = @now, withdraw_reason = @reason WHERE id = @id AND state = 'pending'",
            new { id = offer.Value, now = Times.Ms(now), reason = reason.Name() }, Transaction).ConfigureAwait(false) == 1;

    /// <summary>Records delivery of a pending offer (the client's ack); the first ack time stands.</summary>
    public async Task<bool> TryAckOfferAsync(OfferId offer, DateTimeOffset now) =>
        await Connection.ExecuteAsync(
            "UPDATE offers SET acked_at = @now WHERE id = @id AND acked_at IS NULL",
            new { id = offer.Value, now = Times.Ms(now) }, Transaction).ConfigureAwait(false) == 1;

    /// <summary>Takes one seat: filled + 1, only while filled &lt; seats.</summary>
    public async Task<bool> TryTakeSeatAsync(RequirementId requirement) =>
        await Connection.ExecuteAsync(
            "UPDATE requirements SET filled = filled + 1 WHERE id = @id AND filled < seats",
            new { id = requirement.Value }, Transaction).ConfigureAwait(false) == 1;

    /// <summary>Moves a requirement one or more rungs up its ladder, only from the step the caller saw.</summary>
    public async Task<bool> TryEscalateAsync(Requirement seen, EscalationDecision decision)
    {
        ArgumentNullException.ThrowIfNull(seen);
        ArgumentNullException.ThrowIfNull(decision);
        return await Connection.ExecuteAsync(
            "UPDATE requirements SET escalation_step = @next, radius_m = @radius, current_min_level = @level WHERE id = @id AND escalation_step = @seen",
            new { id = seen.Id.Value, seen = seen.EscalationStep, next = decision.NextStepIndex, radius = decision.Radius.Value, level = (int)decision.MinLevel.Value },
            Transaction).ConfigureAwait(false) == 1;
    }

    /// <summary>
    /// Creates the assignment of an accepted offer. Throws <see cref="RecordConflictException"/> when the volunteer
    /// already has an active assignment (the store refuses double booking).
    /// </summary>
    public async Task InsertAssignmentAsync(Offer offer, DateTimeOffset acceptedAt)
    {
        ArgumentNullException.ThrowIfNull(offer);
        try
        {
            await Connection.ExecuteAsync(
                """
                INSERT INTO assignments (offer_id, incident_id, requirement_id, volunteer_id, state, accepted_at)
                VALUES (@offer, @incident, @requirement, @volunteer, 'accepted', @at)
                """,
                new { offer = offer.Id.Value, incident = offer.Incident.Value, requirement = offer.Requirement.Value, volunteer = (long)offer.Volunteer.Value, at = Times.Ms(acceptedAt) },
                Transaction).ConfigureAwait(false);
        }
        catch (DbException e) when (_factory.IsUniqueViolation(e))
        {
            throw new RecordConflictException($"Volunteer {offer.Volunteer} already has an active assignment.", e);
        }
    }

    /// <summary>Moves an assignment from <paramref name="from"/> to <paramref name="to"/>, stamping the matching time.</summary>
    public async Task<bool> TryAdvanceAssignmentAsync(OfferId assignment, AssignmentState from, AssignmentState to, DateTimeOffset now)
    {
        string column = to switch
        {
            AssignmentState.EnRoute => "en_route_at",
            AssignmentState.OnScene => "on_scene_at",
            AssignmentState.Released or AssignmentState.Cancelled => "released_at",
            AssignmentState.Accepted => throw new ArgumentException("An assignment starts accepted; it cannot return there.", nameof(to)),
        };
        return await Connection.ExecuteAsync(
            $"UPDATE assignments SET state = @to, {column} = @now WHERE offer_id = @id AND state = @from",
            new { id = assignment.Value, from = from.Name(), to = to.Name(), now = Times.Ms(now) }, Transaction).ConfigureAwait(false) == 1;
    }

    /// <summary>The durable mirror of the live pool's commitment (and rest end) for one volunteer.</summary>
    public Task SetCommitmentAsync(VolunteerId volunteer, CommitmentState commitment, DateTimeOffset now, DateTimeOffset? restingUntil = null) =>
        ScalarAsync(
            SetCommitmentSql,
            ("@volunteer", (long)volunteer.Value),
            ("@commitment", commitment.Name()),
            ("@resting", Times.Ms(restingUntil)),
            ("@now", Times.Ms(now)));

    /// <summary>Appends an audit event and returns its id (its position in the change feed).</summary>
    public async Task<long> AppendAsync(NewAuditEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return await ScalarAsync(
            AppendSql,
            ("@at", Times.Ms(e.At)),
            ("@actor", e.Actor),
            ("@kind", e.Kind),
            ("@incident", e.Incident?.Value),
            ("@volunteer", (long?)e.Volunteer?.Value),
            ("@offer", e.Offer?.Value),
            ("@reason", e.Reason),
            ("@payload", Payload(e))).ConfigureAwait(false)
            ?? throw new InvalidOperationException("The audit insert returned no id.");
    }

    /// <summary>
    /// Sets the durable commitment of each of <paramref name="volunteers"/> (distinct) to <paramref name="commitment"/>, in
    /// statements of up to <see cref="RowsPerStatement"/> volunteers; rest ends stay as they are.
    /// </summary>
    public async Task SetCommitmentsAsync(IReadOnlyList<VolunteerId> volunteers, CommitmentState commitment, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(volunteers);
        foreach (var (command, _, _) in Bound(SetCommitments, volunteers, v => [(long)v.Value, commitment.Name(), Times.Ms(now)]))
        {
            await command.ExecuteNonQueryAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Appends audit events in order, in statements of up to <see cref="RowsPerStatement"/> events: their ids (feed
    /// positions) follow the order of <paramref name="events"/>, as appending them one by one would give.
    /// </summary>
    public async Task AppendAllAsync(IReadOnlyList<NewAuditEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        foreach (var (command, _, _) in Bound(AppendEvents, events, e =>
            [Times.Ms(e.At), e.Actor, e.Kind, e.Incident?.Value, (long?)e.Volunteer?.Value, e.Offer?.Value, e.Reason, Payload(e)]))
        {
            await command.ExecuteNonQueryAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The statements that write <paramref name="items"/>, up to <see cref="RowsPerStatement"/> rows each, each bound
    /// with its rows' <paramref name="values"/> (in the statement's parameter order; null is written as NULL) and
    /// returned with the index of its first item and its number of rows. Run each before taking the next.
    /// </summary>
    private IEnumerable<(DbCommand Command, int Start, int Count)> Bound<T>(MultiRow statement, IReadOnlyList<T> items, Func<T, object?[]> values)
    {
        for (int start = 0; start < items.Count; start += RowsPerStatement)
        {
            int count = Math.Min(RowsPerStatement, items.Count - start);
            var command = Prepared(statement, count);
            int at = 0;
            for (int row = start; row < start + count; row++)
            {
                object?[] rowValues = values(items[row]);
                if (rowValues.Length != statement.ParametersPerRow)
                {
                    throw new InvalidOperationException($"A row of this statement takes {statement.ParametersPerRow} values, not {rowValues.Length}.");
                }

                foreach (object? value in rowValues)
                {
                    command.Parameters[at++].Value = value ?? DBNull.Value;
                }
            }

            yield return (command, start, count);
        }
    }

    private static string Payload(NewAuditEvent e) => e.Payload is null ? "{}" : JsonSerializer.Serialize(e.Payload, e.Payload.GetType(), Json.Options);

    /// <summary>The multi-row statement for <paramref name="rows"/> rows, prepared once per transaction.</summary>
    private DbCommand Prepared(MultiRow statement, int rows) => Prepared(statement.Sql(rows), () => statement.Parameters(rows));

    /// <summary>
    /// The command for <paramref name="sql"/>, created with its named parameters the first time this transaction runs it
    /// and reused (with new values) after.
    /// </summary>
    private DbCommand Prepared(string sql, Func<IEnumerable<string>> parameterNames)
    {
        if (!_statements.TryGetValue(sql, out var command))
        {
            command = Connection.CreateCommand();
            command.CommandText = sql;
            command.Transaction = Transaction;
            foreach (string name in parameterNames())
            {
                var parameter = command.CreateParameter();
                parameter.ParameterName = name;
                command.Parameters.Add(parameter);
            }

            _statements[sql] = command;
        }

        return command;
    }

    /// <summary>
    /// Runs one of the per-offer statements with <paramref name="values"/> (bound in the order the statement was first
    /// prepared with); returns the first column of the first row as a number, or null when there is none.
    /// </summary>
    private Task<long?> ScalarAsync(string sql, params ReadOnlySpan<(string Name, object? Value)> values)
    {
        // The names are only needed the first time (the span cannot be captured by the callback).
        string[] names = _statements.ContainsKey(sql) ? [] : NamesOf(values);
        var command = Prepared(sql, () => names);
        for (int i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = values[i].Value ?? DBNull.Value;
        }

        return RunAsync(command);

        static string[] NamesOf(ReadOnlySpan<(string Name, object? Value)> values)
        {
            var names = new string[values.Length];
            for (int i = 0; i < values.Length; i++)
            {
                names[i] = values[i].Name;
            }

            return names;
        }

        static async Task<long?> RunAsync(DbCommand command) =>
            await command.ExecuteScalarAsync().ConfigureAwait(false) is { } result and not DBNull ? Convert.ToInt64(result, CultureInfo.InvariantCulture) : null;
    }
}

/// <summary>A write that would break one of the store's guarantees (a second active assignment, a lost race).</summary>
public sealed class RecordConflictException : Exception
{
    public RecordConflictException()
    {
    }

    public RecordConflictException(string message)
        : base(message)
    {
    }

    public RecordConflictException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
