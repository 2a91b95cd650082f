using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Dispatch.Host.Tests.Crash;

/// <summary>
/// The slice of the HTTP API the crash test reads, as plain rows (only the fields it checks), and the calls it makes
/// against a <see cref="HostProcess"/>: tokens, incidents, offers, volunteers.
/// </summary>
internal sealed partial class CrashApi(HttpClient http) : IDisposable
{
    public const string Password = "dispatch-demo";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public void Dispose() => http.Dispose();

    public async Task<string> TokenAsync(string userName)
    {
        using var response = await http.PostAsJsonAsync("/api/auth/token", new { userName, password = Password });
        Assert.True(response.IsSuccessStatusCode, $"token for {userName}: {(int)response.StatusCode}");
        var body = await response.Content.ReadFromJsonAsync<TokenRow>(Json);
        return body!.AccessToken;
    }

    public async Task<int> VolunteerIdOfAsync(string token)
    {
        var me = await GetAsync<MeRow>("/api/auth/me", token);
        return me.VolunteerId ?? throw new InvalidOperationException($"{me.UserName} is not a volunteer account.");
    }

    public Task<VolunteerRow> VolunteerAsync(string commanderToken, int id) => GetAsync<VolunteerRow>($"/api/volunteers/{id}", commanderToken);

    public Task<IncidentListItemRow[]> OpenIncidentsAsync(string commanderToken) => GetAsync<IncidentListItemRow[]>("/api/incidents", commanderToken);

    public Task<IncidentDetailRow> IncidentAsync(string commanderToken, long id) => GetAsync<IncidentDetailRow>($"/api/incidents/{id}", commanderToken);

    public async Task<IncidentCreatedRow> CreateIncidentAsync(string commanderToken, string type, string severity, double latitude, double longitude, string notes)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/incidents")
        {
            Content = JsonContent.Create(new
            {
                type,
                severity,
                latitude,
                longitude,
                commandAuthority = "江苏省应急管理厅",
                meetingPoint = "集合点",
                notes,
            }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", commanderToken);
        using var response = await http.SendAsync(request);
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"create incident: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<IncidentCreatedRow>(Json))!;
    }

    /// <summary>Accept or decline; returns the status code (the caller decides what a failure to answer means).</summary>
    public async Task<HttpStatusCode> AnswerAsync(string volunteerToken, long offerId, bool accept)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/offers/{offerId}/{(accept ? "accept" : "decline")}");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", volunteerToken);
        if (!accept)
        {
            request.Content = JsonContent.Create(new { reason = "crash test" });
        }

        using var response = await http.SendAsync(request);
        return response.StatusCode;
    }

    /// <summary>The shipped pre-plan book with every offer timeout shortened, written to <paramref name="path"/>.</summary>
    public static void WriteShortTimeoutPrePlans(string path, int timeoutSeconds)
    {
        string shipped = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "PrePlans", "preplans.yaml"));
        string shortened = OfferTimeout().Replace(shipped, $"offer_timeout_s: {timeoutSeconds}");
        Assert.NotEqual(shipped, shortened);
        File.WriteAllText(path, shortened);
    }

    /// <summary>The count in the host's "Re-armed {Count} pending offer timers from the record" line, or null.</summary>
    public static int? RearmedCount(string output)
    {
        var match = Rearmed().Match(output);
        return match.Success ? int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : null;
    }

    private async Task<T> GetAsync<T>(string path, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await http.SendAsync(request);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path}: {(int)response.StatusCode}");
        return (await response.Content.ReadFromJsonAsync<T>(Json))!;
    }

    [GeneratedRegex(@"offer_timeout_s:\s*\d+")]
    private static partial Regex OfferTimeout();

    [GeneratedRegex(@"Re-armed (\d+) pending offer timers")]
    private static partial Regex Rearmed();
}

internal sealed record TokenRow(string AccessToken);

internal sealed record MeRow(string UserName, string Role, int? VolunteerId);

internal sealed record LocationRow(double Latitude, double Longitude);

internal sealed record VolunteerRow(int Id, int CityAdcode, string Commitment, LocationRow Location);

internal sealed record IncidentRow(long Id, string State, double OfferTimeoutSeconds);

internal sealed record RequirementRow(long Id, string Skill, int Seats, int Filled);

internal sealed record OfferRow(long Id, long RequirementId, int VolunteerId, string State, DateTimeOffset SentAt, DateTimeOffset ExpiresAt, DateTimeOffset? AnsweredAt);

internal sealed record AssignmentRow(long OfferId, long RequirementId, int VolunteerId, string State);

internal sealed record AuditRow(long Id, DateTimeOffset At, string Actor, string Kind, long? OfferId, int? VolunteerId);

internal sealed record IncidentCreatedRow(IncidentRow Incident, IReadOnlyList<RequirementRow> Requirements, IReadOnlyList<OfferRow> Offers);

internal sealed record IncidentDetailRow(
    IncidentRow Incident, IReadOnlyList<RequirementRow> Requirements, IReadOnlyList<OfferRow> Offers, IReadOnlyList<AssignmentRow> Assignments,
    IReadOnlyList<AuditRow> Audit);

internal sealed record IncidentListItemRow(IncidentRow Incident);
