using System.Globalization;

namespace Dispatch.Host.Tests.Hostile;

/// <summary>Hostile <c>POST /api/incidents</c> bodies: every field of a valid request replaced by something illegal.</summary>
internal static class IncidentCases
{
    public const string Path = "/api/incidents";

    /// <summary>A legal request (cluster 5 of the realtime pool); only ever sent with something made illegal.</summary>
    public static readonly (string Field, string Json)[] Valid =
    [
        ("type", "\"flood\""), ("severity", "\"minor\""), ("latitude", "32.06"), ("longitude", "120.5"),
        ("commandAuthority", "\"南京市应急管理局\""), ("meetingPoint", "\"鼓楼广场北门\""), ("notes", "\"hostile\""),
    ];

    /// <summary>Values each field must refuse. Missing severity or coordinates bind to defaults, so they are not here.</summary>
    public static readonly Dictionary<string, string[]> Illegal = new()
    {
        ["type"] = ["null", "\"\"", "\"   \"", "12", "true", "[]", "{}", "\"huge\"", "\"fire\"", "\"flood; DROP TABLE incidents\"", "\"\\u0000\"", "\"洪水\"", Huge("t")],
        ["severity"] = ["null", "\"\"", "\"huge\"", "\"minor!\"", "99", "-1", "1.5", "true", "[]", "{}", "\"99\"", Huge("s")],
        ["latitude"] = ["null", "\"abc\"", "true", "[]", "{}", "91", "-91", "90.0000001", "1e308", "-1e308", "1e400", "\"NaN\"", "\"Infinity\"", "\"-Infinity\"", "\"91\"", "\"\""],
        ["longitude"] = ["null", "\"abc\"", "false", "[1]", "{}", "181", "-181", "180.0000001", "1e308", "-1e400", "\"NaN\"", "\"181\""],
        ["commandAuthority"] = ["null", "\"\"", "\"  \\t \"", "5", "[]", "{}", "false"],
        ["meetingPoint"] = ["null", "\"\"", "\" \"", "5", "[\"a\"]", "{}", "true"],
        ["notes"] = ["5", "[]", "{}", "true"],
        ["override"] = [
            "5", "\"x\"", "[]", "true", "{\"counts\":{\"dragon\":1}}", "{\"counts\":{\"medical\":1}}", "{\"counts\":{\"rescue\":-1}}", "{\"counts\":[1]}",
            "{\"counts\":{\"rescue\":\"x\"}}", "{\"counts\":{\"rescue\":1.5}}", "{\"counts\":{\"\":1}}", "{\"searchRadiusMeters\":-1}", "{\"searchRadiusMeters\":0}",
            "{\"searchRadiusMeters\":\"far\"}", "{\"offerTimeoutSeconds\":0}", "{\"offerTimeoutSeconds\":-5}", "{\"offerTimeoutSeconds\":2147483648}",
            "{\"offerTimeoutSeconds\":1e9}", "{\"offerTimeoutSeconds\":999999999}", "{\"counts\":{\"rescue\":1},\"searchRadiusMeters\":-0.0}",
        ],
    };

    /// <summary>Fields whose absence is refused (a null type, a blank authority or meeting point).</summary>
    public static readonly string[] Required = ["type", "commandAuthority", "meetingPoint"];

    public static IEnumerable<HostileRequest> All(Random random)
    {
        const string c = "commander";
        foreach (var (field, values) in Illegal)
        {
            foreach (string value in values)
            {
                yield return HostileRequest.Of($"incident {field}={Short(value)}", HttpMethod.Post, Path, c, Body((field, value)), 400);
            }
        }

        foreach (string field in Required)
        {
            yield return HostileRequest.Of($"incident without {field}", HttpMethod.Post, Path, c, Body(Valid.Where(v => v.Field != field)), 400);
        }

        // Two illegal fields at once, and extra members beside an illegal one.
        var fields = Illegal.Keys.ToArray();
        for (int i = 0; i < 150; i++)
        {
            string a = fields[random.Next(fields.Length)], b = fields[random.Next(fields.Length)];
            yield return HostileRequest.Of($"incident {a}+{b} #{i}", HttpMethod.Post, Path, c, Body((a, Pick(random, Illegal[a])), (b, Pick(random, Illegal[b]))), 400);
        }

        string[] extras = ["\"$type\":\"x\"", "\"id\":1", "\"state\":\"closed\"", "\"createdBy\":\"admin\"", "\"isDrill\":true", "\"__proto__\":{}", "\"Type\":\"flood\"", "\"x\":" + new string('[', 60) + new string(']', 60)];
        for (int i = 0; i < 40; i++)
        {
            string field = fields[random.Next(fields.Length)];
            string body = Body((field, Pick(random, Illegal[field])));
            yield return HostileRequest.Of($"incident extra members + {field} #{i}", HttpMethod.Post, Path, c, body[..^1] + "," + Pick(random, extras) + "}", 400);
        }

        // A duplicate member: the last one wins, and it is illegal.
        yield return HostileRequest.Of("incident duplicate type", HttpMethod.Post, Path, c, Body() [..^1] + ",\"type\":\"huge\"}", 400);

        // Every proper prefix of an object is unfinished JSON; so is one that closes with the wrong bracket.
        string valid = Body();
        foreach (int cut in Enumerable.Range(0, 120).Select(_ => random.Next(1, valid.Length)).Distinct())
        {
            yield return HostileRequest.Of($"incident truncated at {cut}", HttpMethod.Post, Path, c, valid[..cut], 400);
        }

        yield return HostileRequest.Of("incident closed with ]", HttpMethod.Post, Path, c, valid[..^1] + "]", 400);
        yield return HostileRequest.Of("incident opened with [", HttpMethod.Post, Path, c, "[" + valid[1..], 400);
        yield return HostileRequest.Of("incident empty body", HttpMethod.Post, Path, c, "", 400);
        yield return HostileRequest.Of("incident no body", HttpMethod.Post, Path, c, body: null, expected: null);
        foreach (string body in HostileBodies.Malformed.Concat(HostileBodies.WrongShape).Append("null").Append("{}"))
        {
            yield return HostileRequest.Of($"incident body {Short(body)}", HttpMethod.Post, Path, c, body, 400);
        }

        foreach (var bytes in HostileBodies.InvalidUtf8())
        {
            yield return HostileRequest.Raw("incident invalid UTF-8", HttpMethod.Post, Path, c, bytes, 400);
        }

        yield return HostileRequest.Of("incident 1 MiB notes", HttpMethod.Post, Path, c, Body(("notes", $"\"{new string('n', HostileBodies.OverLimit)}\"")), 413);
        yield return HostileRequest.Of("incident 100 KB notes, unknown type", HttpMethod.Post, Path, c, Body(("notes", Huge("n")), ("type", "\"huge\"")), 400);
        foreach (string type in HostileBodies.WrongContentTypes)
        {
            yield return HostileRequest.Of($"incident as {type}", HttpMethod.Post, Path, c, valid, 415, type);
        }

        yield return HostileRequest.Of("incident without content type", HttpMethod.Post, Path, c, valid, 415, contentType: null);
        foreach (string type in HostileBodies.UnknownCharsets)
        {
            yield return HostileRequest.Of($"incident as {type}", HttpMethod.Post, Path, c, valid, 415, type);
        }
        yield return HostileRequest.Raw("incident as UTF-16 bytes", HttpMethod.Post, Path, c, System.Text.Encoding.Unicode.GetBytes(Body(("type", "\"huge\""))), 400);

        // A legal body from anyone but a commander.
        foreach (string caller in Callers.Forged)
        {
            yield return HostileRequest.Of($"incident as {caller}", HttpMethod.Post, Path, caller, valid, 401);
        }

        foreach (string caller in new[] { "trainer", "admin", "v4", "v0" })
        {
            yield return HostileRequest.Of($"incident as {caller}", HttpMethod.Post, Path, caller, valid, 403);
        }
    }

    /// <summary>The valid body with some fields replaced (or added).</summary>
    public static string Body(params (string Field, string Json)[] changes) => Body(Valid.Select(v => (v.Field, changes.FirstOrDefault(x => x.Field == v.Field).Json ?? v.Json))
        .Concat(changes.Where(x => Valid.All(v => v.Field != x.Field))));

    private static string Body(IEnumerable<(string Field, string Json)> members) =>
        "{" + string.Join(",", members.Select(m => $"\"{m.Field}\":{m.Json}")) + "}";

    private static string Huge(string letter) => $"\"{string.Concat(Enumerable.Repeat(letter, 100_000))}\"";

    public static string Pick(Random random, IReadOnlyList<string> values) => values[random.Next(values.Count)];

    public static string Short(string text) => text.Length <= 40 ? text : text[..40] + $"…({text.Length.ToString(CultureInfo.InvariantCulture)})";
}
