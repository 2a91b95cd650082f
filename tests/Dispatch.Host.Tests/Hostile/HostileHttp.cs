using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Dispatch.Host.Tests.Hostile;

/// <summary>Sends <see cref="HostileRequest"/>s over a real socket to the Kestrel host and checks each answer.</summary>
internal sealed class HostileHttp(HostileWorld world) : IDisposable
{
    private readonly HttpClient _client = new(new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = world.App.BaseUri };

    public SortedDictionary<string, int> Histogram { get; } = new(StringComparer.Ordinal);

    public List<string> Failures { get; } = [];

    public int Sent { get; private set; }

    public async Task SendAsync(HostileRequest request)
    {
        Sent++;
        string path = request.Caller == Callers.QueryToken
            ? request.Path + (request.Path.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "access_token=" + await world.App.TokenAsync("commander")
            : request.Path;
        using var message = new HttpRequestMessage(request.Method, new Uri(path, UriKind.Relative));

        // The server closes the connection after refusing some requests (413, 431, 414); a fresh connection per request
        // keeps one refusal from failing the next request on a reused socket. An over-limit body waits for the server's
        // go-ahead, so the 413 arrives before the client has pushed a megabyte into a closing socket.
        message.Headers.ConnectionClose = true;
        message.Headers.ExpectContinue = request.Body?.Length > Dispatch.Host.Api.ApiLimits.MaxRequestBodyBytes;
        await AuthorizeAsync(message, request.Caller);
        if (request.Body is not null)
        {
            message.Content = new ByteArrayContent(request.Body);
            if (request.ContentType is not null)
            {
                message.Content.Headers.TryAddWithoutValidation("Content-Type", request.ContentType);
            }
        }

        try
        {
            using var response = await _client.SendAsync(message);
            int status = (int)response.StatusCode;
            Count(status.ToString(System.Globalization.CultureInfo.InvariantCulture));
            string body = await response.Content.ReadAsStringAsync();
            if (Check(request, status, response.Content.Headers.ContentType, body) is { } failure)
            {
                Failures.Add($"{request} → {status}: {failure} {IncidentCases.Short(body)}");
            }
        }
        catch (HttpRequestException e)
        {
            Count("transport error");
            Failures.Add($"{request} → transport error {e.Message}");
        }
    }

    public void Dispose() => _client.Dispose();

    private static string? Check(HostileRequest request, int status, MediaTypeHeaderValue? type, string body)
    {
        if (request.ReadMaySucceed && request.Method == HttpMethod.Get && status is >= 200 and < 300)
        {
            return null;
        }

        if (status is < 400 or > 499)
        {
            return "not a 4xx";
        }

        if (request.Expected is { } expected && expected != status)
        {
            return $"expected {expected}";
        }

        if (body.Contains("   at ", StringComparison.Ordinal) || body.Contains("Exception", StringComparison.Ordinal) || body.Contains("StackTrace", StringComparison.OrdinalIgnoreCase))
        {
            return "the body leaks exception details";
        }

        if (body.Length == 0 || request.Path.StartsWith("/hubs/", StringComparison.Ordinal))
        {
            return null; // the server's own refusals (431, 414) have no body; SignalR answers hub paths in plain text
        }

        if (type?.MediaType != "application/problem+json")
        {
            return $"content type {type?.MediaType}, not problem details";
        }

        using var problem = JsonDocument.Parse(body);
        var root = problem.RootElement;
        return root.TryGetProperty("status", out var s) && s.GetInt32() == status && root.TryGetProperty("title", out var t) && !string.IsNullOrWhiteSpace(t.GetString())
            && root.TryGetProperty("traceId", out _)
            ? null
            : "problem details without status, title or trace id";
    }

    private async Task AuthorizeAsync(HttpRequestMessage message, string caller)
    {
        var headers = message.Headers;
        switch (caller)
        {
            case Callers.Anonymous or Callers.QueryToken:
                break;
            case Callers.Garbage:
                headers.TryAddWithoutValidation("Authorization", "Bearer garbage.token.value");
                break;
            case Callers.EmptyBearer:
                headers.TryAddWithoutValidation("Authorization", "Bearer ");
                break;
            case Callers.ExpiredJwt:
                // A JWT (HS256, exp = 1970) where the host expects its own data-protected token.
                headers.TryAddWithoutValidation("Authorization", "Bearer eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJjb21tYW5kZXIiLCJyb2xlIjoiY29tbWFuZGVyIiwiZXhwIjoxfQ.c2lnbmF0dXJl");
                break;
            case Callers.Tampered:
                string token = await world.App.TokenAsync("commander");
                int middle = token.Length / 2;
                headers.TryAddWithoutValidation("Authorization", "Bearer " + token[..middle] + (token[middle] == 'A' ? 'B' : 'A') + token[(middle + 1)..]);
                break;
            case Callers.Truncated:
                headers.TryAddWithoutValidation("Authorization", "Bearer " + (await world.App.TokenAsync("commander"))[..^12]);
                break;
            case Callers.Basic:
                headers.TryAddWithoutValidation("Authorization", "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("commander:" + Realtime.RealtimeAppFactory.Password)));
                break;
            case Callers.GarbageCookie:
                headers.TryAddWithoutValidation("Cookie", "dispatch.auth=CfDJ8garbage-cookie-value");
                break;
            case Callers.HugeHeader:
                headers.TryAddWithoutValidation("Authorization", "Bearer " + new string('x', 40_000));
                break;
            default:
                headers.Authorization = new AuthenticationHeaderValue("Bearer", await world.App.TokenAsync(caller));
                break;
        }
    }

    private void Count(string key) => Histogram[key] = Histogram.GetValueOrDefault(key) + 1;
}
