using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;

namespace Dispatch.Host.Tests.Hostile;

/// <summary>An endpoint of the running host, read from its routing table, so endpoints added later are swept too.</summary>
public sealed record DiscoveredEndpoint(string Pattern, IReadOnlyList<string> Methods, bool AllowAnonymous, bool HasBody, IReadOnlyList<string> Parameters)
{
    public static IReadOnlyList<DiscoveredEndpoint> Of(EndpointDataSource source) =>
        [.. source.Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<HttpMethodMetadata>() is not null)
            .Select(e => new DiscoveredEndpoint(
                "/" + (e.RoutePattern.RawText ?? "").TrimStart('/'),
                e.Metadata.GetMetadata<HttpMethodMetadata>()!.HttpMethods,
                e.Metadata.GetMetadata<IAllowAnonymous>() is not null,
                e.Metadata.GetMetadata<IAcceptsMetadata>() is not null,
                [.. e.RoutePattern.Parameters.Select(p => p.Name)]))];

    /// <summary>The path with every parameter replaced by <paramref name="value"/>.</summary>
    public string With(string value) =>
        Parameters.Aggregate(Pattern, (path, name) => System.Text.RegularExpressions.Regex.Replace(path, "\\{" + name + "[^}]*\\}", value));
}

/// <summary>Generic hostile requests for every API endpoint: forged credentials, ids that name nothing, broken bodies, wrong methods.</summary>
internal static class DiscoveredCases
{
    private static readonly string[] Methods = ["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"];
    private static readonly string[] NoSuchIds = ["987654321", "-7", "99999999999999999999", "abc"];

    public static IEnumerable<HostileRequest> All(IReadOnlyList<DiscoveredEndpoint> endpoints, HostileWorld world, Random random)
    {
        var swept = endpoints.Where(e => IsApi(e.Pattern) || e.Pattern.StartsWith("/health", StringComparison.Ordinal) || e.Pattern == "/openapi/{documentName}.json").ToList();
        foreach (var group in swept.GroupBy(e => e.Pattern))
        {
            var allowed = group.SelectMany(e => e.Methods).ToHashSet(StringComparer.OrdinalIgnoreCase);
            string path = group.First().With("987654321").Replace("{documentName}", "v1", StringComparison.Ordinal);
            foreach (string method in Methods.Where(m => !allowed.Contains(m)))
            {
                // HEAD has no body to carry a problem; OPTIONS may be answered by the server itself.
                int? expected = method is "HEAD" or "OPTIONS" ? null : 405;
                yield return HostileRequest.Of($"wrong method {method}", new HttpMethod(method), path, "commander", method is "GET" or "HEAD" ? null : "{}", expected);
            }
        }

        foreach (var endpoint in swept.Where(e => IsApi(e.Pattern)))
        {
            foreach (string method in endpoint.Methods)
            {
                var verb = new HttpMethod(method);
                string? body = method == "GET" ? null : "{\"reason\":\"x\"}";
                if (!endpoint.AllowAnonymous)
                {
                    foreach (string caller in Callers.Forged)
                    {
                        yield return HostileRequest.Of($"{endpoint.Pattern} as {caller}", verb, endpoint.With("1"), caller, body, 401);
                    }
                }

                if (endpoint.Parameters.Count == 0)
                {
                    continue; // without an id to make it illegal, a legal caller might succeed
                }

                foreach (string id in NoSuchIds)
                {
                    foreach (string caller in new[] { "commander", "admin", world.First["pending"].Owner })
                    {
                        string? junk = endpoint.HasBody ? IncidentCases.Pick(random, HostileBodies.Malformed) : body;
                        yield return HostileRequest.Of($"{endpoint.Pattern} id {id} as {caller}", verb, endpoint.With(id), caller, junk, expected: null) with
                        {
                            ReadMaySucceed = method == "GET",
                        };
                    }
                }
            }
        }
    }

    private static bool IsApi(string pattern) => pattern.StartsWith("/api/", StringComparison.Ordinal);
}
