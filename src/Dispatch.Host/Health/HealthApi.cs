namespace Dispatch.Host.Health;

/// <summary><c>/health</c>: liveness (the process answers). <c>/health/ready</c>: every registered readiness probe is up.</summary>
internal static class HealthApi
{
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/health", () => TypedResults.Ok(new HealthStatus("ok")))
            .WithName("Health")
            .WithTags("Health")
            .AllowAnonymous();
        routes.MapGet("/health/ready", Ready)
            .WithName("Ready")
            .WithTags("Health")
            .AllowAnonymous()
            .Produces<ReadinessReport>()
            .Produces<ReadinessReport>(StatusCodes.Status503ServiceUnavailable);
        return routes;
    }

    private static async Task<IResult> Ready(IEnumerable<IReadinessProbe> probes, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var results = new List<ProbeStatus>();
        foreach (var probe in probes)
        {
            ReadinessResult result;
            try
            {
                result = await probe.CheckAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                // The reason goes to the log; the report (served anonymously) only says the probe failed.
                HealthLog.ProbeFailed(loggers.CreateLogger("Dispatch.Health"), probe.Name, e);
                result = ReadinessResult.Down("probe failed; see the server log");
            }

            results.Add(new ProbeStatus(probe.Name, result.Ready, result.Detail));
        }

        bool ready = results.TrueForAll(r => r.Ready);
        var report = new ReadinessReport(ready ? "ready" : "not-ready", results);
        return ready ? TypedResults.Ok(report) : TypedResults.Json(report, statusCode: StatusCodes.Status503ServiceUnavailable);
    }

    internal sealed record HealthStatus(string Status);

    internal sealed record ReadinessReport(string Status, IReadOnlyList<ProbeStatus> Probes);

    internal sealed record ProbeStatus(string Name, bool Ready, string? Detail);
}

internal static partial class HealthLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "Readiness probe {Probe} failed")]
    public static partial void ProbeFailed(ILogger logger, string probe, Exception exception);
}
