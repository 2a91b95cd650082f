using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Net.Http.Headers;

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
        app.Use(RejectUnknownCharsetAsync);
        return app;
    }

    /// <summary>
    /// A body declared in a charset .NET cannot decode (<c>application/json; charset=klingon</c>) makes minimal-API JSON
    /// binding throw an <see cref="InvalidOperationException"/> — a 500. It is the client's error: refuse it as 415.
    /// </summary>
    private static Task RejectUnknownCharsetAsync(HttpContext context, RequestDelegate next)
    {
        if (!MediaTypeHeaderValue.TryParse(context.Request.ContentType, out var type) || type.Charset.Length == 0
            || type.Charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase))
        {
            return next(context);
        }

        try
        {
            _ = Encoding.GetEncoding(HeaderUtilities.RemoveQuotes(type.Charset).ToString());
            return next(context);
        }
        catch (ArgumentException)
        {
            return Results.Problem(
                statusCode: StatusCodes.Status415UnsupportedMediaType,
                title: "Unsupported charset.",
                detail: "The request body's charset is not a known encoding; send UTF-8.").ExecuteAsync(context);
        }
    }
}
