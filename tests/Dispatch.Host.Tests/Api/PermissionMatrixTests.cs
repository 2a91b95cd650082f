using System.Net;
using Dispatch.Host.Auth;
using Dispatch.Host.Tests.Support;

namespace Dispatch.Host.Tests.Api;

/// <summary>Every endpoint of the shell × every role (and anonymous) × both schemes: the status the caller gets.</summary>
[Collection(HostCollection.Name)]
public sealed class PermissionMatrixTests(DispatchAppFactory app)
{
    private const string Anonymous = "anonymous";

    /// <summary>Placeholders: {own} = the caller's volunteer id (volunteer1's for staff), {other} = volunteer2's id.</summary>
    private static readonly (string Path, Dictionary<string, HttpStatusCode> Expected)[] Matrix =
    [
        ("/api/auth/me", Row(HttpStatusCode.Unauthorized, commander: HttpStatusCode.OK, volunteer: HttpStatusCode.OK, trainer: HttpStatusCode.OK, admin: HttpStatusCode.OK)),
        ("/api/pool/summary", Row(HttpStatusCode.Unauthorized, commander: HttpStatusCode.OK, volunteer: HttpStatusCode.Forbidden, trainer: HttpStatusCode.OK, admin: HttpStatusCode.OK)),
        ("/api/volunteers/{own}", Row(HttpStatusCode.Unauthorized, commander: HttpStatusCode.OK, volunteer: HttpStatusCode.OK, trainer: HttpStatusCode.Forbidden, admin: HttpStatusCode.OK)),
        ("/api/volunteers/{other}", Row(HttpStatusCode.Unauthorized, commander: HttpStatusCode.OK, volunteer: HttpStatusCode.Forbidden, trainer: HttpStatusCode.Forbidden, admin: HttpStatusCode.OK)),
        ("/health", Row(HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK)),
        ("/health/ready", Row(HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK)),
        ("/openapi/v1.json", Row(HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK)),
    ];

    public static TheoryData<string, string, string> Cases()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var (path, _) in Matrix)
        {
            foreach (string role in DispatchRoles.All.Prepend(Anonymous))
            {
                foreach (string scheme in role == Anonymous ? ["none"] : new[] { "bearer", "cookie" })
                {
                    data.Add(path, role, scheme);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Get_EndpointAsRoleWithScheme_ReturnsMatrixStatus(string path, string role, string scheme)
    {
        var expected = Matrix.Single(m => m.Path == path).Expected[role];
        using var client = scheme switch
        {
            "cookie" => await app.LoginAsync(role),
            "bearer" => await app.CreateClientForAsync(role),
            _ => await app.CreateClientForAsync(role: null),
        };

        using var response = await client.GetAsync(await ResolveAsync(path, role));

        if ((int)expected >= 400)
        {
            await response.AssertProblemAsync(expected);
        }
        else
        {
            Assert.Equal(expected, response.StatusCode);
        }
    }

    private async Task<string> ResolveAsync(string path, string role)
    {
        int own = await app.VolunteerIdOfAsync(role == DispatchRoles.Volunteer ? DispatchAppFactory.UserNameFor(role) : DemoAccounts.Volunteer(1));
        int other = await app.VolunteerIdOfAsync(DemoAccounts.Volunteer(2));
        return path.Replace("{own}", own.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{other}", other.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    private static Dictionary<string, HttpStatusCode> Row(
        HttpStatusCode anonymous, HttpStatusCode commander, HttpStatusCode volunteer, HttpStatusCode trainer, HttpStatusCode admin) => new()
        {
            [Anonymous] = anonymous,
            [DispatchRoles.Commander] = commander,
            [DispatchRoles.Volunteer] = volunteer,
            [DispatchRoles.Trainer] = trainer,
            [DispatchRoles.Admin] = admin,
        };
}
