using System.Globalization;
using System.Security.Claims;
using Dispatch.Engine.Geo;
using Dispatch.Engine.PrePlans;
using Dispatch.Host.Api;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Dispatch.Host.Drills;

/// <summary>
/// <c>/api/drills</c>: the trainer console's server side (trainers and admins). Scenarios, runs in the background with
/// pause/resume/stop/speed and a live scoreboard (JSON and a server-sent event stream), the after-action report,
/// competitions with a leaderboard, persisted results with the trainer's review, and the team evaluation fed by them.
/// </summary>
internal static class DrillsApi
{
    /// <summary>Trainers and admins.</summary>
    public const string Policy = "drill-trainer";

    /// <summary>Commanders (the competing teams), trainers and admins: acting on a running drill.</summary>
    public const string CommanderPolicy = "drill-commander";

    private const int MaxTeams = 8;
    private const int MaxNameLength = 64;

    public static IEndpointRouteBuilder MapDrillsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapApiGroup("drills", Policy, "Drills");
        group.MapGet("/scenarios", Scenarios).WithName("ListDrillScenarios").WithSummary("The drill scenarios the host can run.");
        group.MapPost("/runs", StartRun).WithName("StartDrill").WithSummary("Start a scenario in the background on its own record and pool (【演练】).")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        group.MapGet("/runs", ListRuns).WithName("ListDrillRuns").WithSummary("Drill runs of this host, live and finished.");
        group.MapGet("/runs/{id}", GetRun).WithName("GetDrillRun").WithSummary("A run's state and live scoreboard.").ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/runs/{id}/pause", (string id, DrillService drills) => Control(drills, id, c => c.Pause())).WithName("PauseDrill");
        group.MapPost("/runs/{id}/resume", (string id, DrillService drills) => Control(drills, id, c => c.Resume())).WithName("ResumeDrill");
        group.MapPost("/runs/{id}/stop", (string id, DrillService drills) => Control(drills, id, c => c.Stop())).WithName("StopDrill");
        group.MapPost("/runs/{id}/speed", SetSpeed).WithName("SetDrillSpeed").WithSummary("'max' or N× real time.");
        group.MapGet("/runs/{id}/scoreboard/stream", Stream).WithName("StreamDrillScoreboard").WithSummary("Server-sent events: the scoreboard as it changes, until the run ends.");
        group.MapGet("/runs/{id}/report", Report).WithName("GetDrillReport").WithSummary("The after-action report (self-contained HTML) of a finished run.");
        group.MapPost("/competitions", StartCompetition).WithName("StartDrillCompetition").WithSummary("Several commander teams run the same scenario and seed (比武竞赛).");
        group.MapGet("/competitions", (DrillService drills) => TypedResults.Ok(drills.Competitions.Select(c => ToDto(drills, c)).ToArray())).WithName("ListDrillCompetitions");
        group.MapGet("/competitions/{id}", GetCompetition).WithName("GetDrillCompetition").WithSummary("The competition's leaderboard.");
        group.MapGet("/results", Results).WithName("ListDrillResults").WithSummary("Persisted drill results (the live record keeps nothing else of a drill).");
        group.MapPost("/results/{id:long}/review", Review).WithName("ReviewDrillResult").WithSummary("The trainer's review (评单) of a result, 1–5, once.");
        var command = routes.MapApiGroup("drills/runs", CommanderPolicy, "Drills");
        command.MapGet("/{id}/requirements", Requirements).WithName("GetDrillRequirements").WithSummary("A running drill's requirements: seats, filled, pending offers, radius, escalation step.");
        command.MapPost("/{id}/requirements/{requirementId:long}/escalate", Escalate).WithName("EscalateDrillRequirement")
            .WithSummary("The commander escalates a requirement of a running drill now (the real use case, on the drill's record).");
        command.MapPost("/{id}/incidents/{incident}/severity", ChangeSeverity).WithName("ChangeDrillSeverity")
            .WithSummary("The commander changes the severity of a scripted incident of a running drill.");
        group.MapGet("/evaluation", Evaluation).WithName("DrillTeamEvaluation").WithSummary("Per commander team: runs, scores, response rate, time to fill, reviews.");
        return routes;
    }

    private static Ok<DrillScenarioDto[]> Scenarios(DrillService drills) =>
        TypedResults.Ok(drills.Scenarios().Select(DrillScenarioDto.From).ToArray());

    private static Results<Created<DrillRunDto>, ProblemHttpResult> StartRun(StartDrillRequest request, DrillService drills)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrWhiteSpace(request.Scenario, "scenario");
        var speed = ParseSpeed(request.Speed);
        var team = new DrillTeamEntry(Name(request.Team ?? "trainer", "team"), null);
        return Guarded(() =>
        {
            var session = drills.Start(request.Scenario.Trim(), speed, request.Seed, team);
            return TypedResults.Created($"/api/drills/runs/{session.Id}", DrillRunDto.From(session));
        });
    }

    private static Ok<DrillRunDto[]> ListRuns(DrillService drills) => TypedResults.Ok(drills.Sessions.Select(DrillRunDto.From).ToArray());

    private static Results<Ok<DrillRunDto>, ProblemHttpResult> GetRun(string id, DrillService drills) =>
        drills.Find(id) is { } s ? TypedResults.Ok(DrillRunDto.From(s)) : NotFound(id);

    private static Results<Ok<DrillRunDto>, ProblemHttpResult> Control(DrillService drills, string id, Action<DrillControl> action)
    {
        if (drills.Find(id) is not { } session)
        {
            return NotFound(id);
        }

        if (session.IsFinished)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "The drill has finished.", detail: $"Run {id} is {session.State}.");
        }

        action(session.Control);
        return TypedResults.Ok(DrillRunDto.From(session));
    }

    private static Results<Ok<DrillRunDto>, ProblemHttpResult> SetSpeed(string id, DrillSpeedRequest request, DrillService drills)
    {
        ArgumentNullException.ThrowIfNull(request);
        var speed = ParseSpeed(request.Speed ?? throw new ArgumentException("speed is required: 'max' or a number.", "speed"));
        return Control(drills, id, c => c.SetSpeed(speed));
    }

    private static Results<ServerSentEventsResult<DrillScoreboardDto>, ProblemHttpResult> Stream(string id, DrillService drills, CancellationToken cancellationToken) =>
        drills.Find(id) is { } s
            ? TypedResults.ServerSentEvents(Map(s.WatchAsync(cancellationToken)), eventType: "scoreboard")
            : NotFound(id);

    private static async IAsyncEnumerable<DrillScoreboardDto> Map(IAsyncEnumerable<Drills.DrillScoreboard> boards)
    {
        await foreach (var board in boards.ConfigureAwait(false))
        {
            yield return DrillScoreboardDto.From(board);
        }
    }

    private static Results<ContentHttpResult, ProblemHttpResult> Report(string id, DrillService drills, TimeProvider time)
    {
        if (drills.Find(id) is not { } session)
        {
            return NotFound(id);
        }

        if (session.Result is not { } result)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "No report yet.",
                detail: session.IsFinished ? "The drill failed before it could be scored." : "The drill is still running.");
        }

        return TypedResults.Content(DrillReport.Html(result, drills.Book, time.GetUtcNow()), "text/html; charset=utf-8");
    }

    private static Results<Created<DrillCompetitionDto>, ProblemHttpResult> StartCompetition(StartCompetitionRequest request, DrillService drills)
    {
        ArgumentNullException.ThrowIfNull(request);
        string name = Name(request.Name, "name");
        ArgumentException.ThrowIfNullOrWhiteSpace(request.Scenario, "scenario");
        if (request.Teams is not { Count: >= 1 and <= MaxTeams } teams)
        {
            throw new ArgumentException($"A competition has 1 to {MaxTeams} teams.", "teams");
        }

        var entries = teams.Select((t, i) => new DrillTeamEntry(
            Name(t?.Name, $"teams[{i}].name"),
            t!.OfferTimeoutSeconds is null && t.SearchRadiusKm is null
                ? null
                : new PrePlanOverride(
                    searchRadius: t.SearchRadiusKm is { } km ? Meters.FromKilometers(km) : null,
                    offerTimeout: t.OfferTimeoutSeconds is { } sec ? TimeSpan.FromSeconds(sec) : null))).ToList();
        var speed = ParseSpeed(request.Speed);
        return Guarded(() =>
        {
            var competition = drills.StartCompetition(name, request.Scenario.Trim(), speed, request.Seed, entries);
            return TypedResults.Created($"/api/drills/competitions/{competition.Id}", ToDto(drills, competition));
        });
    }

    private static Results<Ok<DrillCompetitionDto>, ProblemHttpResult> GetCompetition(string id, DrillService drills) =>
        drills.FindCompetition(id) is { } c
            ? TypedResults.Ok(ToDto(drills, c))
            : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such competition.", detail: $"Competition {id} does not exist.");

    private static async Task<Ok<DrillResultDto[]>> Results(string? team, string? scenario, string? competition, DrillResultStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok((await store.ListAsync(Blank(team), Blank(scenario), Blank(competition), cancellationToken).ConfigureAwait(false)).Select(DrillResultDto.From).ToArray());

    private static async Task<Results<Ok<DrillResultDto>, ProblemHttpResult>> Review(
        long id, DrillReviewRequest request, ClaimsPrincipal user, DrillResultStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        int rating = request.Rating ?? throw new ArgumentException("rating is required (1–5).", "rating");
        ArgumentOutOfRangeException.ThrowIfLessThan(rating, 1, "rating");
        ArgumentOutOfRangeException.ThrowIfGreaterThan(rating, 5, "rating");
        ArgumentOutOfRangeException.ThrowIfGreaterThan(request.Comment?.Length ?? 0, 2_000, "comment");
        if (await store.GetAsync(id, cancellationToken).ConfigureAwait(false) is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such drill result.", detail: $"Drill result {id} does not exist.");
        }

        if (!await store.TryReviewAsync(id, rating, request.Comment, UserOf(user), time.GetUtcNow(), cancellationToken).ConfigureAwait(false))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Already reviewed.", detail: $"Drill result {id} has a review.");
        }

        return TypedResults.Ok(DrillResultDto.From((await store.GetAsync(id, cancellationToken).ConfigureAwait(false))!));
    }

    private static Task<Results<Ok<IReadOnlyList<DrillRequirementState>>, ProblemHttpResult>> Requirements(string id, ClaimsPrincipal user, DrillService drills) =>
        CommandAsync<IReadOnlyList<DrillRequirementState>>(drills, id, new DrillCommand.ReadRequirements(UserOf(user)));

    private static Task<Results<Ok<DrillCommandOutcome>, ProblemHttpResult>> Escalate(
        string id, long requirementId, DrillCommandRequest? request, ClaimsPrincipal user, DrillService drills)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(request?.Reason?.Length ?? 0, 500, "reason");
        return CommandAsync<DrillCommandOutcome>(drills, id, new DrillCommand.Escalate(requirementId, request?.Reason ?? "", UserOf(user)));
    }

    private static Task<Results<Ok<DrillCommandOutcome>, ProblemHttpResult>> ChangeSeverity(
        string id, string incident, DrillSeverityRequest request, ClaimsPrincipal user, DrillService drills)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrWhiteSpace(request.Severity, "severity");
        if (!Enum.TryParse<Severity>(request.Severity.Trim(), ignoreCase: true, out var severity) || !Enum.IsDefined(severity) || int.TryParse(request.Severity, out _))
        {
            throw new ArgumentException($"Unknown severity '{request.Severity}'. Known: minor, moderate, major, critical.", "severity");
        }

        ArgumentOutOfRangeException.ThrowIfGreaterThan(request.Reason?.Length ?? 0, 500, "reason");
        return CommandAsync<DrillCommandOutcome>(drills, id, new DrillCommand.ChangeSeverity(incident, severity, request.Reason ?? "", UserOf(user)));
    }

    /// <summary>Posts a command to the run and waits for the runner to execute it between two steps.</summary>
    private static async Task<Results<Ok<T>, ProblemHttpResult>> CommandAsync<T>(DrillService drills, string id, DrillCommand command)
    {
        if (drills.Find(id) is not { } session)
        {
            return NotFound(id);
        }

        try
        {
            return TypedResults.Ok((T)await session.Control.PostAsync(command).ConfigureAwait(false));
        }
        catch (DrillFinishedException)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "The drill has finished.", detail: $"Run {id} is {session.State}.");
        }
        catch (KeyNotFoundException e)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not in this drill.", detail: e.Message);
        }
    }

    private static string UserOf(ClaimsPrincipal user) => $"{user.FindFirstValue(ClaimTypes.Role)}:{user.Identity?.Name}";

    private static async Task<Ok<DrillTeamEvaluationDto[]>> Evaluation(string? scenario, DrillResultStore store, CancellationToken cancellationToken)
    {
        var all = await store.ListAsync(null, Blank(scenario), null, cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(all.GroupBy(r => r.Team, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).Select(DrillTeamEvaluationDto.From).ToArray());
    }

    private static DrillCompetitionDto ToDto(DrillService drills, DrillCompetition c) =>
        new(c.Id, c.Name, c.ScenarioId, c.Seed.ToString(CultureInfo.InvariantCulture), c.CreatedAt,
            [.. drills.Leaderboard(c).Select((s, i) => new DrillLeaderboardRowDto(i + 1, s.Team, s.Id, s.State.ToString().ToLowerInvariant(),
                s.Result?.Score.Score ?? s.Scoreboard.Score, (s.Result?.Score.Filled) ?? s.Scoreboard.Filled, (s.Result?.Score.Seats) ?? s.Scoreboard.Seats,
                s.Result?.Score.FillP90?.TotalSeconds, s.ResultId))]);

    private static Results<Created<T>, ProblemHttpResult> Guarded<T>(Func<Created<T>> start)
    {
        try
        {
            return start();
        }
        catch (KeyNotFoundException e)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such drill scenario.", detail: e.Message);
        }
        catch (InvalidOperationException e)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Too many drills running.", detail: e.Message);
        }
    }

    /// <summary>"max" (or absent) → null; else a number in (0, 10,000].</summary>
    private static double? ParseSpeed(string? text)
    {
        if (text is null || Cli.DrillCommands.TryParseSpeed(text.Trim(), out var speed) && speed is null)
        {
            return null;
        }

        return speed ?? throw new ArgumentException($"speed '{text}' is neither 'max' nor a number in (0, {DrillControl.MaxSpeed:N0}].", "speed");
    }

    private static string Name(string? text, string field)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(text, field);
        string name = text.Trim();
        ArgumentOutOfRangeException.ThrowIfGreaterThan(name.Length, MaxNameLength, field);
        return name;
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static ProblemHttpResult NotFound(string id) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such drill run.", detail: $"Drill run {id} does not exist.");
}
