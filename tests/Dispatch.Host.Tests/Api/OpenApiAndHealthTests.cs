using System.Net;
using System.Text.Json;
using Dispatch.Host.Tests.Support;

namespace Dispatch.Host.Tests.Api;

[Collection(HostCollection.Name)]
public sealed class OpenApiAndHealthTests(DispatchAppFactory app)
{
    [Theory]
    [InlineData("/api/auth/login", "post")]
    [InlineData("/api/auth/logout", "post")]
    [InlineData("/api/auth/token", "post")]
    [InlineData("/api/auth/me", "get")]
    [InlineData("/api/pool/summary", "get")]
    [InlineData("/api/volunteers/{id}", "get")]
    [InlineData("/health", "get")]
    [InlineData("/health/ready", "get")]
    public async Task OpenApiDocument_Served_ListsEndpoint(string path, string method)
    {
        using var client = await app.CreateClientForAsync(role: null);

        var document = await (await client.GetAsync("/openapi/v1.json")).ReadAsync<JsonElement>();

        Assert.True(document.GetProperty("paths").GetProperty(path).TryGetProperty(method, out _));
    }

    [Fact]
    public async Task ScalarUi_Served_ReturnsHtml()
    {
        using var client = await app.CreateClientForAsync(role: null);

        using var response = await client.GetAsync("/scalar/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Health_Always_ReportsOk()
    {
        using var client = await app.CreateClientForAsync(role: null);

        var health = await (await client.GetAsync("/health")).ReadAsync<JsonElement>();

        Assert.Equal("ok", health.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Ready_ProbeDownThenUp_Returns503ThenOk()
    {
        using var client = await app.CreateClientForAsync(role: null);
        app.Probe.Ready = false;
        HttpResponseMessage down;
        try
        {
            down = await client.GetAsync("/health/ready");
        }
        finally
        {
            app.Probe.Ready = true;
        }

        using var up = await client.GetAsync("/health/ready");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, down.StatusCode);
        var report = JsonDocument.Parse(await down.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("not-ready", report.GetProperty("status").GetString());
        Assert.Contains(report.GetProperty("probes").EnumerateArray(),
            p => p.GetProperty("name").GetString() == SwitchableReadinessProbe.ProbeName && !p.GetProperty("ready").GetBoolean());
        Assert.Equal("ready", (await up.ReadAsync<JsonElement>()).GetProperty("status").GetString());
        down.Dispose();
    }
}
