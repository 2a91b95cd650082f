using System.Globalization;
using Dispatch.Host.Tests.Realtime;

namespace Dispatch.Host.Tests.Hostile;

/// <summary>Hostile requests to the auth, pool, volunteer, incident-read and hub-negotiation endpoints.</summary>
internal static class AccessCases
{
    public static IEnumerable<HostileRequest> All(HostileWorld world)
    {
        foreach (string path in new[] { "/api/auth/login", "/api/auth/token" })
        {
            foreach (string body in HostileBodies.Malformed.Concat(HostileBodies.WrongShape).Append("").Append("null").Concat(BadCredentials))
            {
                yield return HostileRequest.Of($"credentials {IncidentCases.Short(body)}", HttpMethod.Post, path, Callers.Anonymous, body, 400);
            }

            foreach (var (userName, password) in WrongCredentials)
            {
                string body = $"{{\"userName\":{userName},\"password\":{password}}}";
                yield return HostileRequest.Of($"credentials {IncidentCases.Short(body)}", HttpMethod.Post, path, Callers.Anonymous, body, 401);
            }

            yield return HostileRequest.Of("credentials 1 MiB", HttpMethod.Post, path, Callers.Anonymous, HostileBodies.OverLimitObject("userName"), 413);
            foreach (string type in HostileBodies.WrongContentTypes.Concat(HostileBodies.UnknownCharsets))
            {
                yield return HostileRequest.Of($"credentials as {type}", HttpMethod.Post, path, Callers.Anonymous, "{\"userName\":\"commander\",\"password\":\"x\"}", 415, type);
            }
        }

        foreach (string caller in Callers.Forged.Append(Callers.HugeHeader))
        {
            foreach (string path in new[] { "/api/auth/me", "/api/pool/summary", "/api/incidents", $"/api/incidents/{world.Incidents[0]}", "/api/volunteers/0" })
            {
                yield return HostileRequest.Of($"read as {caller}", HttpMethod.Get, path, caller, expected: caller == Callers.HugeHeader ? null : 401);
            }
        }

        // Volunteers off the board and the pool; a volunteer on someone else's record; trainers on volunteer records.
        string v4 = RealtimeAppFactory.UserOf(world.First["pending"].Volunteer);
        foreach (string path in new[] { "/api/pool/summary", "/api/incidents", $"/api/incidents/{world.Incidents[0]}", "/api/incidents/987654321" })
        {
            yield return HostileRequest.Of("volunteer reads staff data", HttpMethod.Get, path, v4, expected: 403);
        }

        foreach (string id in new[] { "0", "5", "36", "-1", "2147483647", "40" })
        {
            yield return HostileRequest.Of($"volunteer reads volunteer {id}", HttpMethod.Get, $"/api/volunteers/{id}", v4, expected: 403);
            yield return HostileRequest.Of($"trainer reads volunteer {id}", HttpMethod.Get, $"/api/volunteers/{id}", "trainer", expected: 403);
        }

        // The first ids past the end of the test pool are unknown.
        int end = Realtime.RealtimeAppFactory.Clusters * Realtime.RealtimeAppFactory.PerCluster;
        foreach (string id in new[] { "-1", $"{end}", $"{end + 1}", "2147483647", "2147483648", "-2147483649", "abc", "1.0", "0x1", "%00", new string('7', 1_000) })
        {
            yield return HostileRequest.Of($"commander reads volunteer {IncidentCases.Short(id)}", HttpMethod.Get, $"/api/volunteers/{id}", "commander", expected: OfferCases.NotFound(id));
            yield return HostileRequest.Of($"admin reads volunteer {IncidentCases.Short(id)}", HttpMethod.Get, $"/api/volunteers/{id}", "admin", expected: OfferCases.NotFound(id));
        }

        foreach (string id in OfferCases.UnknownIds.Where(i => i != "%20x"))
        {
            yield return HostileRequest.Of($"commander reads incident {IncidentCases.Short(id)}", HttpMethod.Get, $"/api/incidents/{id}", "commander", expected: OfferCases.NotFound(id));
            yield return HostileRequest.Of($"trainer reads incident {IncidentCases.Short(id)}", HttpMethod.Get, $"/api/incidents/{id}", "trainer", expected: OfferCases.NotFound(id));
        }

        // An id so long the request line is refused by the server itself.
        yield return HostileRequest.Of("incident id of 20,000 digits", HttpMethod.Get, $"/api/incidents/{new string('1', 20_000)}", "commander", expected: null);

        // Hub endpoints over plain HTTP: wrong role, no token, no such connection.
        foreach (var (path, caller, expected) in new (string, string, int?)[]
        {
            ("/hubs/volunteer/negotiate?negotiateVersion=1", Callers.Anonymous, 401), ("/hubs/volunteer/negotiate?negotiateVersion=1", "commander", 403),
            ("/hubs/volunteer/negotiate?negotiateVersion=1", Callers.Garbage, 401), ("/hubs/board/negotiate?negotiateVersion=1", v4, 403),
            ("/hubs/board/negotiate?negotiateVersion=1", Callers.Anonymous, 401), ("/hubs/board/negotiate?negotiateVersion=1", Callers.Tampered, 401),
            ($"/hubs/volunteer?id=nonexistent", v4, null), ($"/hubs/board?id={new string('x', 500)}", "commander", null),
        })
        {
            yield return HostileRequest.Of($"hub over HTTP {path}", HttpMethod.Post, path, caller, expected: expected);
        }

        yield return HostileRequest.Of("hub GET without upgrade", HttpMethod.Get, "/hubs/volunteer?id=x", v4, expected: null);
    }

    /// <summary>Missing, null, mistyped or over-long user names and passwords (→ 400).</summary>
    private static readonly string[] BadCredentials =
    [
        "{}", "{\"userName\":\"commander\"}", "{\"password\":\"x\"}", "{\"userName\":null,\"password\":\"x\"}", "{\"userName\":\"commander\",\"password\":null}",
        "{\"userName\":\"\",\"password\":\"\"}", "{\"userName\":5,\"password\":\"x\"}", "{\"userName\":\"commander\",\"password\":123}", "{\"userName\":[],\"password\":{}}",
        "{\"userName\":true,\"password\":false}", $"{{\"userName\":\"{new string('u', 257)}\",\"password\":\"x\"}}",
        $"{{\"userName\":\"commander\",\"password\":\"{new string('p', 100_000)}\"}}", $"{{\"userName\":\"{new string('u', 100_000)}\",\"password\":\"x\"}}",
    ];

    /// <summary>Well-formed but wrong: the same 401 for an unknown user and a wrong password.</summary>
    private static readonly (string UserName, string Password)[] WrongCredentials =
    [
        ("\"commander\"", "\"wrong\""), ("\"nobody\"", "\"realtime-test\""), ("\"' OR 1=1 --\"", "\"' OR '1'='1\""), ("\"commander\\u0000\"", "\"realtime-test\""),
        ("\"COMMANDER\"", "\"x\""), ("\"指挥员\"", "\"密码\""), ("\"v0\"", "\"realtime-test \""), ("\"admin\"", $"\"{new string('p', 256)}\""),
        ("\"commander\"", "\"" + string.Concat(Enumerable.Repeat("\\ud83d\\ude00", 50)) + "\""), ("\"v4\"", "\"REALTIME-TEST\""),
    ];

    public static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);
}
