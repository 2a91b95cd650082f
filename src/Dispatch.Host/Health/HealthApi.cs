namespace Dispatch.Host.Health;

/// <summary>Liveness: the process answers. Readiness of the record store joins when the store exists.</summary>
internal static class HealthApi
{
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/health", () => TypedResults.Ok(new HealthStatus("ok")))
            .WithName("Health");
        return routes;
    }

    internal sealed record HealthStatus(string Status);
}
