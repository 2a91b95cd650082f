using System.Net;
using System.Net.Http.Json;
using Dispatch.Host.Auth;
using Dispatch.Host.Tests.Support;

namespace Dispatch.Host.Tests.Auth;

[Collection(HostCollection.Name)]
public sealed class AuthTests(DispatchAppFactory app)
{
    public static TheoryData<string> Roles => [.. DispatchRoles.All];

    [Theory]
    [MemberData(nameof(Roles))]
    public async Task Login_DemoAccountOfRole_SetsCookieThatIdentifiesTheUser(string role)
    {
        using var client = await app.LoginAsync(role);

        var me = await (await client.GetAsync("/api/auth/me")).ReadAsync<Session>();

        Assert.Equal(DispatchAppFactory.UserNameFor(role), me.UserName);
        Assert.Equal(role, me.Role);
        Assert.Equal(role == DispatchRoles.Volunteer, me.VolunteerId is not null);
    }

    [Fact]
    public async Task Login_Response_SetsHttpOnlyStrictCookie()
    {
        using var client = app.CreateClient();

        using var response = await client.PostAsJsonAsync("/api/auth/login", new { userName = "commander", password = DispatchAppFactory.Password });

        string cookie = Assert.Single(response.Headers.GetValues("Set-Cookie"));
        Assert.StartsWith(AuthSetup.CookieName + "=", cookie, StringComparison.Ordinal);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Logout_AfterLogin_EndsTheSession()
    {
        using var client = await app.LoginAsync(DispatchRoles.Commander);

        using var logout = await client.PostAsync("/api/auth/logout", content: null);
        using var me = await client.GetAsync("/api/auth/me");

        Assert.Equal(HttpStatusCode.NoContent, logout.StatusCode);
        await me.AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData("/api/auth/login")]
    [InlineData("/api/auth/token")]
    public async Task SignIn_WrongPasswordOrUnknownUser_SameUnauthorizedProblem(string path)
    {
        using var client = app.CreateClient();

        using var wrongPassword = await client.PostAsJsonAsync(path, new { userName = "commander", password = "nope" });
        using var unknownUser = await client.PostAsJsonAsync(path, new { userName = "nobody", password = DispatchAppFactory.Password });

        var a = await wrongPassword.AssertProblemAsync(HttpStatusCode.Unauthorized);
        var b = await unknownUser.AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal(a.GetProperty("title").GetString(), b.GetProperty("title").GetString());
        Assert.False(a.TryGetProperty("detail", out _));
        Assert.False(wrongPassword.Headers.Contains("Set-Cookie"));
    }

    [Theory]
    [InlineData("/api/auth/login")]
    [InlineData("/api/auth/token")]
    public async Task SignIn_MissingPassword_ValidationProblem(string path)
    {
        using var client = app.CreateClient();

        using var response = await client.PostAsJsonAsync(path, new { userName = "commander" });

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("password", out _));
    }

    [Theory]
    [MemberData(nameof(Roles))]
    public async Task Token_DemoAccountOfRole_AuthenticatesApiRequests(string role)
    {
        using var client = await app.CreateClientForAsync(role);

        var me = await (await client.GetAsync("/api/auth/me")).ReadAsync<Session>();

        Assert.Equal(role, me.Role);
        if (role == DispatchRoles.Volunteer)
        {
            Assert.Equal(await app.VolunteerIdOfAsync(me.UserName), me.VolunteerId);
        }
    }

    [Fact]
    public async Task Token_Response_IsBearerWithExpiryAndRefreshToken()
    {
        using var client = app.CreateClient();

        using var response = await client.PostAsJsonAsync("/api/auth/token", new { userName = "trainer", password = DispatchAppFactory.Password });
        var token = await response.ReadAsync<TokenBody>();

        Assert.Equal("Bearer", token.TokenType);
        Assert.False(string.IsNullOrEmpty(token.AccessToken));
        Assert.Equal((long)AuthSetup.SessionLifetime.TotalSeconds, token.ExpiresIn);
        Assert.False(string.IsNullOrEmpty(token.RefreshToken));
    }

    [Fact]
    public async Task Token_AfterItsLifetime_IsRejected()
    {
        await using var host = new DispatchAppFactory(dataFolder: null, volunteers: 500, withSwitchableProbe: false);
        using var client = await host.CreateClientForAsync(DispatchRoles.Commander);
        using var before = await client.GetAsync("/api/auth/me");

        host.Time.Advance(AuthSetup.SessionLifetime + TimeSpan.FromMinutes(1));
        using var after = await client.GetAsync("/api/auth/me");

        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        await after.AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task AccessTokenQuery_OnHubPath_Authenticates()
    {
        string token = await app.TokenAsync(DispatchRoles.Commander);
        using var client = await app.CreateClientForAsync(role: null);

        using var response = await client.GetAsync($"{TestEndpoints.HubWhoAmI}?access_token={Uri.EscapeDataString(token)}");

        Assert.Equal("commander", await response.ReadAsync<string>());
    }

    [Fact]
    public async Task AccessTokenQuery_OutsideHubPaths_IsIgnored()
    {
        string token = await app.TokenAsync(DispatchRoles.Commander);
        using var client = await app.CreateClientForAsync(role: null);

        using var response = await client.GetAsync($"/api/auth/me?access_token={Uri.EscapeDataString(token)}");

        await response.AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Requests_WithTokenInQueryAndHeader_LeaveNoTokenInLogs()
    {
        string token = await app.FetchTokenAsync("admin");
        using var anonymous = await app.CreateClientForAsync(role: null);
        using var bearer = await app.CreateClientForAsync(role: null);
        bearer.DefaultRequestHeaders.Authorization = new("Bearer", token);

        using var viaQuery = await anonymous.GetAsync($"{TestEndpoints.HubWhoAmI}?access_token={Uri.EscapeDataString(token)}");
        using var viaHeader = await bearer.GetAsync("/api/pool/summary");
        using var rejected = await anonymous.GetAsync($"/api/pool/summary?access_token={Uri.EscapeDataString(token)}");

        Assert.Equal(HttpStatusCode.OK, viaQuery.StatusCode);
        Assert.Equal(HttpStatusCode.OK, viaHeader.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, rejected.StatusCode);
        Assert.Contains(app.Logs.Entries, e => e.Message.Contains(TestEndpoints.HubWhoAmI, StringComparison.Ordinal));
        string fragment = token[..24];
        Assert.DoesNotContain(app.Logs.Entries, e => e.Contains(fragment) || e.Contains(Uri.EscapeDataString(token)[..24]));
    }

    private sealed record Session(string UserName, string Role, int? VolunteerId);

    private sealed record TokenBody(string TokenType, string AccessToken, long ExpiresIn, string RefreshToken);
}
