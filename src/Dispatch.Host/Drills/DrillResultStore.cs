using Dapper;
using Dispatch.Host.Records;

namespace Dispatch.Host.Drills;

/// <summary>A drill run's result as kept in the live record (drill results only: no incident, offer or volunteer row).</summary>
public sealed record DrillResultRecord(
    long Id, string RunId, string? CompetitionId, string ScenarioId, string ScenarioName, string Seed, string Team, string Status,
    double Score, double BandMin, double BandMax, int Seats, int Filled, long? FillP90Ms, long? MeanFillMs,
    int OffersSent, int Accepted, int Declined, int Expired, DateTimeOffset StartedAt, DateTimeOffset FinishedAt,
    int? ReviewRating, string? ReviewComment, string? ReviewedBy, DateTimeOffset? ReviewedAt)
{
    public double ResponseRate => OffersSent == 0 ? 0 : (double)(Accepted + Declined) / OffersSent;
}

/// <summary>
/// Drill results in the live record: the table <c>drill_results</c>, created if missing (idempotent, additive: it
/// changes no table of the lifecycle), written once per finished run and reviewed (评单) by a trainer. Results are the
/// only thing a drill leaves in the live record.
/// </summary>
public sealed class DrillResultStore(RecordStore store)
{
    private const string Columns =
        "id, run_id, competition_id, scenario_id, scenario_name, seed, team, status, score, band_min, band_max, seats, filled, fill_p90_ms, mean_fill_ms, " +
        "offers_sent, accepted, declined, expired, started_at, finished_at, review_rating, review_comment, reviewed_by, reviewed_at";

    private int _ready;

    public async Task EnsureTableAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _ready) == 1)
        {
            return;
        }

        string identity = store.Factory.IdentityPrimaryKey;
        await store.WriteAsync(async tx =>
        {
            await tx.Connection.ExecuteAsync(
                $"""
                CREATE TABLE IF NOT EXISTS drill_results (
                    id {identity},
                    run_id TEXT NOT NULL UNIQUE,
                    competition_id TEXT NULL,
                    scenario_id TEXT NOT NULL,
                    scenario_name TEXT NOT NULL,
                    seed TEXT NOT NULL,
                    team TEXT NOT NULL,
                    status TEXT NOT NULL CHECK (status IN ('completed', 'stopped')),
                    score DOUBLE PRECISION NOT NULL,
                    band_min DOUBLE PRECISION NOT NULL,
                    band_max DOUBLE PRECISION NOT NULL,
                    seats INTEGER NOT NULL,
                    filled INTEGER NOT NULL,
                    fill_p90_ms BIGINT NULL,
                    mean_fill_ms BIGINT NULL,
                    offers_sent INTEGER NOT NULL,
                    accepted INTEGER NOT NULL,
                    declined INTEGER NOT NULL,
                    expired INTEGER NOT NULL,
                    started_at BIGINT NOT NULL,
                    finished_at BIGINT NOT NULL,
                    review_rating INTEGER NULL CHECK (review_rating BETWEEN 1 AND 5),
                    review_comment TEXT NULL,
                    reviewed_by TEXT NULL,
                    reviewed_at BIGINT NULL
                );
                CREATE INDEX IF NOT EXISTS ix_drill_results_team ON drill_results (team);
                CREATE INDEX IF NOT EXISTS ix_drill_results_competition ON drill_results (competition_id);
                """, transaction: tx.Transaction).ConfigureAwait(false);
            return true;
        }, cancellationToken).ConfigureAwait(false);
        Volatile.Write(ref _ready, 1);
    }

    public async Task<long> InsertAsync(string runId, string? competitionId, DrillRunResult result, DateTimeOffset startedAt, DateTimeOffset finishedAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(result);
        await EnsureTableAsync(cancellationToken).ConfigureAwait(false);
        var s = result.Scenario;
        return await store.WriteAsync(tx => tx.Connection.ExecuteScalarAsync<long>(
            """
            INSERT INTO drill_results (run_id, competition_id, scenario_id, scenario_name, seed, team, status, score, band_min, band_max, seats, filled,
                fill_p90_ms, mean_fill_ms, offers_sent, accepted, declined, expired, started_at, finished_at)
            VALUES (@runId, @competitionId, @scenarioId, @scenarioName, @seed, @team, @status, @score, @bandMin, @bandMax, @seats, @filled,
                @p90, @mean, @offers, @accepted, @declined, @expired, @started, @finished)
            RETURNING id
            """,
            new
            {
                runId, competitionId, scenarioId = s.Metadata.Id, scenarioName = s.Metadata.NameZh, seed = s.Seed.ToString(System.Globalization.CultureInfo.InvariantCulture),
                team = result.Team, status = result.Status == DrillRunStatus.Completed ? "completed" : "stopped", score = result.Score.Score,
                bandMin = s.Band.Min, bandMax = s.Band.Max, seats = result.Score.Seats, filled = result.Score.Filled,
                p90 = (long?)result.Score.FillP90?.TotalMilliseconds, mean = (long?)result.MeanFill?.TotalMilliseconds,
                offers = result.OffersSent, accepted = result.Accepted, declined = result.Declined, expired = result.Expired,
                started = startedAt.ToUnixTimeMilliseconds(), finished = finishedAt.ToUnixTimeMilliseconds(),
            }, tx.Transaction), cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<DrillResultRecord>> ListAsync(string? team, string? scenario, string? competition, CancellationToken cancellationToken)
    {
        await EnsureTableAsync(cancellationToken).ConfigureAwait(false);
        return await store.ReadAsync(async r =>
        {
            var rows = await r.Connection.QueryAsync<Row>(
                $"""
                SELECT {Columns} FROM drill_results
                WHERE (@team IS NULL OR team = @team) AND (@scenario IS NULL OR scenario_id = @scenario) AND (@competition IS NULL OR competition_id = @competition)
                ORDER BY id
                """, new { team, scenario, competition }, r.Transaction).ConfigureAwait(false);
            return (IReadOnlyList<DrillResultRecord>)[.. rows.Select(x => x.ToRecord())];
        }, cancellationToken).ConfigureAwait(false);
    }

    public async Task<DrillResultRecord?> GetAsync(long id, CancellationToken cancellationToken)
    {
        await EnsureTableAsync(cancellationToken).ConfigureAwait(false);
        return await store.ReadAsync(async r => (await r.Connection.QuerySingleOrDefaultAsync<Row>(
            $"SELECT {Columns} FROM drill_results WHERE id = @id", new { id }, r.Transaction).ConfigureAwait(false))?.ToRecord(), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The trainer's review (评单) of a result, once; false when it was already reviewed.</summary>
    public async Task<bool> TryReviewAsync(long id, int rating, string? comment, string by, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await EnsureTableAsync(cancellationToken).ConfigureAwait(false);
        return await store.WriteAsync(async tx => await tx.Connection.ExecuteAsync(
            "UPDATE drill_results SET review_rating = @rating, review_comment = @comment, reviewed_by = @by, reviewed_at = @at WHERE id = @id AND review_rating IS NULL",
            new { id, rating, comment, by, at = at.ToUnixTimeMilliseconds() }, tx.Transaction).ConfigureAwait(false) == 1, cancellationToken).ConfigureAwait(false);
    }

#pragma warning disable CA1812 // instantiated by Dapper through reflection
    private sealed class Row
    {
        public long Id { get; set; }
        public string RunId { get; set; } = "";
        public string? CompetitionId { get; set; }
        public string ScenarioId { get; set; } = "";
        public string ScenarioName { get; set; } = "";
        public string Seed { get; set; } = "";
        public string Team { get; set; } = "";
        public string Status { get; set; } = "";
        public double Score { get; set; }
        public double BandMin { get; set; }
        public double BandMax { get; set; }
        public long Seats { get; set; }
        public long Filled { get; set; }
        public long? FillP90Ms { get; set; }
        public long? MeanFillMs { get; set; }
        public long OffersSent { get; set; }
        public long Accepted { get; set; }
        public long Declined { get; set; }
        public long Expired { get; set; }
        public long StartedAt { get; set; }
        public long FinishedAt { get; set; }
        public long? ReviewRating { get; set; }
        public string? ReviewComment { get; set; }
        public string? ReviewedBy { get; set; }
        public long? ReviewedAt { get; set; }

        public DrillResultRecord ToRecord() => new(
            Id, RunId, CompetitionId, ScenarioId, ScenarioName, Seed, Team, Status, Score, BandMin, BandMax, (int)Seats, (int)Filled, FillP90Ms, MeanFillMs,
            (int)OffersSent, (int)Accepted, (int)Declined, (int)Expired, DateTimeOffset.FromUnixTimeMilliseconds(StartedAt), DateTimeOffset.FromUnixTimeMilliseconds(FinishedAt),
            (int?)ReviewRating, ReviewComment, ReviewedBy, ReviewedAt is { } at ? DateTimeOffset.FromUnixTimeMilliseconds(at) : null);
    }
#pragma warning restore CA1812
}
