using System.Net;
using System.Net.Http.Json;
using Dispatch.Host.Api;
using Dispatch.Host.Auth;
using Dispatch.Host.Tests.Support;

namespace Dispatch.Host.Tests.Api;

/// <summary>Every error a client can get is RFC 7807 problem details without a stack trace.</summary>
[Collection(HostCollection.Name)]
public sealed class ProblemDetailsTests(DispatchAppFactory app)
{
    [Fact]
    public async Task UnhandledException_InEndpoint_Returns500ProblemWithoutExceptionText()
    {
        using var client = await app.CreateClientForAsync(role: null);

        using var response = await client.GetAsync(TestEndpoints.Throw);

        await response.AssertProblemAsync(HttpStatusCode.InternalServerError);
        Assert.DoesNotContain(TestEndpoints.SecretInException, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task EngineArgumentException_InValidatedEndpoint_Returns400WithEngineMessage()
    {
        using var client = await app.CreateClientForAsync(role: null);

        using var response = await client.GetAsync(TestEndpoints.EngineValidation);

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        string message = problem.GetProperty("errors").EnumerateObject().Single().Value[0].GetString()!;
        Assert.Contains("level", message, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Parameter '", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Body_OverOneMebibyte_Returns413Problem()
    {
        using var client = await app.CreateClientForAsync(role: null);
        using var content = new ByteArrayContent(new byte[ApiLimits.MaxRequestBodyBytes + 1]);
        content.Headers.ContentType = new("application/json");

        using var response = await client.PostAsync("/api/auth/login", content);

        await response.AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task ChunkedBody_OverOneMebibyte_Returns413Problem()
    {
        using var client = await app.CreateClientForAsync(role: null);
        using var content = new StreamContent(new MemoryStream(new byte[ApiLimits.MaxRequestBodyBytes + 1]));
        content.Headers.ContentType = new("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/login") { Content = content };
        request.Headers.TransferEncodingChunked = true;

        using var response = await client.SendAsync(request);

        await response.AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task Body_MalformedJson_Returns400Problem()
    {
        using var client = await app.CreateClientForAsync(role: null);
        using var content = new StringContent("{ not json", System.Text.Encoding.UTF8, "application/json");

        using var response = await client.PostAsync("/api/auth/token", content);

        await response.AssertProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task UnknownRoute_Returns404Problem()
    {
        using var client = await app.CreateClientForAsync(DispatchRoles.Commander);

        using var response = await client.GetAsync("/api/no-such-thing");

        await response.AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Anonymous_ProtectedEndpoint_Returns401ProblemWithBearerChallenge()
    {
        using var client = await app.CreateClientForAsync(role: null);

        using var response = await client.GetAsync("/api/pool/summary");

        await response.AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task WrongRole_ProtectedEndpoint_Returns403Problem()
    {
        using var client = await app.CreateClientForAsync(DispatchRoles.Volunteer);

        using var response = await client.GetAsync("/api/pool/summary");

        await response.AssertProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task LoginBody_WrongJsonType_Returns400Problem()
    {
        using var client = await app.CreateClientForAsync(role: null);

        using var response = await client.PostAsJsonAsync("/api/auth/login", new { userName = 42, password = true });

        await response.AssertProblemAsync(HttpStatusCode.BadRequest);
    }
}
