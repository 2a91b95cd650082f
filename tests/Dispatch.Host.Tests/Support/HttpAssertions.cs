using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Dispatch.Host.Tests.Support;

/// <summary>Checks shared by the API tests.</summary>
public static class HttpAssertions
{
    /// <summary>
    /// The response is RFC 7807 problem details with the expected status, a title and a trace id, and carries no
    /// stack trace or exception text.
    /// </summary>
    public static async Task<JsonElement> AssertProblemAsync(this HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        string text = await response.Content.ReadAsStringAsync();
        var problem = JsonDocument.Parse(text).RootElement;
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("title").GetString()));
        Assert.True(problem.TryGetProperty("traceId", out _));
        Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", text, StringComparison.Ordinal);
        Assert.False(problem.TryGetProperty("exception", out _));
        return problem;
    }

    public static async Task<T> ReadAsync<T>(this HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<T>() ?? throw new InvalidOperationException("Empty body.");
    }
}
