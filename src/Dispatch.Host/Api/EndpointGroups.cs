namespace Dispatch.Host.Api;

/// <summary>The one way to start a feature's endpoints: <c>/api/{prefix}</c>, one policy, one tag, Engine validation.</summary>
public static class EndpointGroups
{
    public static RouteGroupBuilder MapApiGroup(this IEndpointRouteBuilder routes, string prefix, string policy, string tag)
    {
        ArgumentNullException.ThrowIfNull(routes);
        ArgumentException.ThrowIfNullOrWhiteSpace(prefix);
        ArgumentException.ThrowIfNullOrWhiteSpace(policy);
        return routes.MapGroup($"/api/{prefix.Trim('/')}")
            .RequireAuthorization(policy)
            .WithTags(tag)
            .WithEngineValidation()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);
    }
}
