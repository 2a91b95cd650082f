using Microsoft.AspNetCore.HttpLogging;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace Dispatch.Host.Observability;

/// <summary>Structured logs, request logs without secrets, and OpenTelemetry metrics.</summary>
internal static class ObservabilitySetup
{
    public const string Section = "Dispatch:Observability";

    /// <summary>The category ASP.NET Core logs "Request starting GET http://host/path?query" under (query included).</summary>
    public const string HostingDiagnosticsCategory = "Microsoft.AspNetCore.Hosting.Diagnostics";

    public static WebApplicationBuilder AddDispatchObservability(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(Section).Get<ObservabilityOptions>() ?? new ObservabilityOptions();
        if (options.JsonLogs)
        {
            builder.Logging.AddJsonConsole(o => o.UseUtcTimestamp = true);
        }

        // Request logs: method, path, status, duration — never the query string (SignalR puts access_token there)
        // and no headers (Authorization, Cookie).
        builder.Services.AddHttpLogging(o =>
        {
            o.LoggingFields = HttpLoggingFields.RequestMethod | HttpLoggingFields.RequestPath | HttpLoggingFields.RequestProtocol
                | HttpLoggingFields.ResponseStatusCode | HttpLoggingFields.Duration;
            o.CombineLogs = true;
        });

        // The hosting diagnostics log the full URL with its query string at Information and Debug; keep that category at
        // Warning for every provider, whatever the configuration says (the request log above replaces it).
        builder.Services.PostConfigure<LoggerFilterOptions>(o =>
        {
            var providers = o.Rules.Select(r => r.ProviderName).Append(null).Distinct().ToList();
            foreach (var rule in o.Rules.Where(r => r.CategoryName?.StartsWith(HostingDiagnosticsCategory, StringComparison.Ordinal) == true).ToList())
            {
                o.Rules.Remove(rule);
            }

            foreach (string? provider in providers)
            {
                o.Rules.Add(new LoggerFilterRule(provider, HostingDiagnosticsCategory, LogLevel.Warning, filter: null));
            }
        });

        builder.Services.AddSingleton<DispatchMetrics>();
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("Dispatch"))
            .WithMetrics(m =>
            {
                m.AddMeter(DispatchMetrics.MeterName).AddAspNetCoreInstrumentation();
                if (options.ConsoleMetrics)
                {
                    m.AddConsoleExporter();
                }
            });
        return builder;
    }

    /// <summary>Keys under <c>Dispatch:Observability</c>.</summary>
    internal sealed class ObservabilityOptions
    {
        /// <summary>One JSON object per log line on the console.</summary>
        public bool JsonLogs { get; set; }

        /// <summary>Print metrics to the console (OpenTelemetry console exporter).</summary>
        public bool ConsoleMetrics { get; set; }
    }
}
