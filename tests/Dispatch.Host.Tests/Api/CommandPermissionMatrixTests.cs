using System.Net;
using System.Net.Http.Json;
using Dispatch.Host.Auth;
using Dispatch.Host.Tests.Support;

namespace Dispatch.Host.Tests.Api;

/// <summary>
/// Every lifecycle endpoint × every role (and anonymous) × both schemes. Ids that do not exist and bodies that are
/// well-formed but name nothing real, so that a role allowed through gets 404 (or 400 for an unknown incident type) and
/// nothing changes, while a role not allowed gets 403 (anonymous 401) before the endpoint runs.
/// </summary>
[Collection(HostCollection.Name)]
public sealed class CommandPermissionMatrixTests(DispatchAppFactory app)
{
    private const string Anonymous = "anonymous";
    private const long Missing = 987_654_321;

    private static readonly (string Method, string Path, object? Body, Dictionary<string, HttpStatusCode> Expected)[] Matrix =
    [
        ("GET", "/api/incidents", null, Row(commander: HttpStatusCode.OK, trainer: HttpStatusCode.OK)),
        ("GET", $"/api/incidents/{Missing}", null, Row(commander: HttpStatusCode.NotFound, trainer: HttpStatusCode.NotFound)),
        ("POST", "/api/incidents", new { type = "no_such_type", severity = "minor", latitude = 32.06, longitude = 118.8, commandAuthority = "x", meetingPoint = "y", notes = "" },
            Row(commander: HttpStatusCode.BadRequest)),
        ("POST", $"/api/offers/{Missing}/ack", null, Row(volunteer: HttpStatusCode.NotFound)),
        ("POST", $"/api/offers/{Missing}/accept", null, Row(volunteer: HttpStatusCode.NotFound)),
        ("POST", $"/api/offers/{Missing}/decline", new { reason = "x" }, Row(volunteer: HttpStatusCode.NotFound)),
        ("POST", $"/api/offers/{Missing}/withdraw", new { reason = "x" }, Row(commander: HttpStatusCode.NotFound)),
        ("POST", $"/api/assignments/{Missing}/en-route", null, Row(volunteer: HttpStatusCode.NotFound)),
        ("POST", $"/api/assignments/{Missing}/on-scene", null, Row(volunteer: HttpStatusCode.NotFound)),
        ("POST", $"/api/assignments/{Missing}/release", new { leader = "x" }, Row(commander: HttpStatusCode.NotFound)),
        ("POST", $"/api/assignments/{Missing}/review", new { rating = 3 }, Row(commander: HttpStatusCode.NotFound, volunteer: HttpStatusCode.NotFound)),
        ("POST", $"/api/requirements/{Missing}/escalate", new { reason = "x" }, Row(commander: HttpStatusCode.NotFound)),
        ("POST", $"/api/requirements/{Missing}/manual-pick", new { volunteerId = 0, reason = "x" }, Row(commander: HttpStatusCode.NotFound)),
        ("POST", $"/api/incidents/{Missing}/close", new { reason = "x" }, Row(commander: HttpStatusCode.NotFound)),
        ("POST", $"/api/incidents/{Missing}/cancel", new { reason = "x" }, Row(commander: HttpStatusCode.NotFound)),
        ("POST", $"/api/incidents/{Missing}/severity", new { severity = "major", reason = "x" }, Row(commander: HttpStatusCode.NotFound)),
        ("POST", "/api/me/duty", new { onDuty = true }, Row(volunteer: HttpStatusCode.NoContent)),
        ("GET", $"/api/audit/incidents/{Missing}", null, Row(commander: HttpStatusCode.OK, trainer: HttpStatusCode.OK)),
        ("GET", "/api/audit/volunteers/999999", null, Row(commander: HttpStatusCode.OK, admin: HttpStatusCode.OK)),
        ("POST", "/api/me/location", new { latitude = 91.0, longitude = 118.8 }, Row(volunteer: HttpStatusCode.BadRequest)),
        ("GET", $"/api/volunteers/{Missing}/location", null, Row(commander: HttpStatusCode.NotFound)),
        ("POST", $"/api/volunteers/{Missing}/phone-reveal", new { reason = "x" }, Row(commander: HttpStatusCode.NotFound, admin: HttpStatusCode.NotFound)),
        ("GET", "/api/teams", null, Row(commander: HttpStatusCode.OK, trainer: HttpStatusCode.OK, admin: HttpStatusCode.OK)),
        ("GET", $"/api/teams/{Missing}", null, Row(commander: HttpStatusCode.NotFound, trainer: HttpStatusCode.NotFound, admin: HttpStatusCode.NotFound)),
        ("GET", "/api/preplans", null, Row(commander: HttpStatusCode.OK, trainer: HttpStatusCode.OK, admin: HttpStatusCode.OK)),
        ("GET", "/api/preplans/no_such_type/minor", null, Row(commander: HttpStatusCode.NotFound, trainer: HttpStatusCode.NotFound, admin: HttpStatusCode.NotFound)),
    ];

    public static TheoryData<string, string, string, string> Cases()
    {
        var data = new TheoryData<string, string, string, string>();
        foreach (var (method, path, _, _) in Matrix)
        {
            foreach (string role in DispatchRoles.All.Prepend(Anonymous))
            {
                foreach (string scheme in role == Anonymous ? ["none"] : new[] { "bearer", "cookie" })
                {
                    data.Add(method, path, role, scheme);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Call_EndpointAsRoleWithScheme_ReturnsMatrixStatus(string method, string path, string role, string scheme)
    {
        var (_, _, body, expected) = Matrix.Single(m => m.Method == method && m.Path == path);
        using var client = scheme switch
        {
            "cookie" => await app.LoginAsync(role),
            "bearer" => await app.CreateClientForAsync(role),
            _ => await app.CreateClientForAsync(role: null),
        };

        using var response = method == "GET"
            ? await client.GetAsync(path)
            : await client.PostAsJsonAsync(path, body ?? new { });

        var status = expected[role];
        if ((int)status >= 400)
        {
            await response.AssertProblemAsync(status);
        }
        else
        {
            Assert.Equal(status, response.StatusCode);
        }
    }

    /// <summary>Anonymous → 401; roles not named → 403.</summary>
    private static Dictionary<string, HttpStatusCode> Row(
        HttpStatusCode commander = HttpStatusCode.Forbidden,
        HttpStatusCode volunteer = HttpStatusCode.Forbidden,
        HttpStatusCode trainer = HttpStatusCode.Forbidden,
        HttpStatusCode admin = HttpStatusCode.Forbidden) => new()
        {
            [Anonymous] = HttpStatusCode.Unauthorized,
            [DispatchRoles.Commander] = commander,
            [DispatchRoles.Volunteer] = volunteer,
            [DispatchRoles.Trainer] = trainer,
            [DispatchRoles.Admin] = admin,
        };
}
