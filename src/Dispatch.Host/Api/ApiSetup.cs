using System.Text.Json;
using System.Text.Json.Serialization;

namespace Dispatch.Host.Api;

/// <summary>Conventions of every endpoint: RFC 7807 problem details, no stack traces, JSON shape, body size, OpenAPI.</summary>
internal static class ApiSetup
{
    public static IServiceCollection AddDispatchApi(this IServiceCollection services)
    {
        services.AddProblemDetails(o => o.CustomizeProblemDetails = ctx =>
        {
            // Whatever writes the problem, nothing of the exception goes out; the trace id links to the server log.
            ctx.ProblemDetails.Extensions.Remove("exception");
            ctx.ProblemDetails.Extensions["traceId"] = ctx.HttpContext.TraceIdentifier;
        });
        services.Configure<ExceptionHandlerOptions>(o =>
            o.StatusCodeSelector = e => e is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status500InternalServerError);
        services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        });
        services.AddOpenApi();
        return services;
    }

    /// <summary>The outermost middleware: exception handler, status-code problem details and the body limit.</summary>
    public static IApplicationBuilder UseDispatchApiConventions(this IApplicationBuilder app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseMiddleware<RequestBodyLimit>();
        return app;
    }
}
