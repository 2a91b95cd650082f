using System.Net;
using System.Text.Json;
using Dispatch.Host.Realtime;
using Dispatch.Host.Tests.Realtime;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Dispatch.Host.Tests.Hostile;

/// <summary>
/// Issue 3, "hostile input": well over a thousand malformed HTTP requests and hub invocations against a host with real
/// state — wrong types, unknown ids, huge strings, out-of-range coordinates, illegal transitions, forged credentials —
/// each refused with a 4xx (problem details) or a hub error, never a 5xx; afterwards the host is alive, the record is
/// exactly as before, and a legal request still works. Generation is seeded, so every run sends the same requests.
/// </summary>
[Collection(RealtimeCollection.Name)]
public sealed class HostileInputTests(HostileWorld world, ITestOutputHelper output) : IClassFixture<HostileWorld>
{
    private const int Seed = 20_260_601;

    [Fact]
    public async Task HttpEndpoints_OverAThousandMalformedRequests_All4xxAndRecordUnchanged()
    {
        string before = await world.FingerprintAsync();
        var random = new Random(Seed);
        var endpoints = DiscoveredEndpoint.Of(world.App.Services.GetRequiredService<EndpointDataSource>());
        var requests = IncidentCases.All(random)
            .Concat(OfferCases.All(world, random))
            .Concat(AccessCases.All(world))
            .Concat(DiscoveredCases.All(endpoints, world, random))
            .ToList();

        using var http = new HostileHttp(world);
        foreach (var request in requests)
        {
            await http.SendAsync(request);
        }

        output.WriteLine($"HTTP requests: {http.Sent} over {endpoints.Count} endpoints; statuses: {Format(http.Histogram)}");
        Assert.True(http.Failures.Count == 0, $"{http.Failures.Count} of {http.Sent} requests were not refused properly:\n" + string.Join("\n", http.Failures.Take(60)));
        Assert.True(http.Sent >= 1_000, $"only {http.Sent} requests");
        await AssertAliveAndUnchangedAsync(before);

        // A legal request still works: the owner acks the pending offer.
        using var owner = await world.App.ClientAsync(world.First["pending"].Owner);
        using var ack = await owner.PostAsync(new Uri($"/api/offers/{world.First["pending"].Id}/ack", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.OK, ack.StatusCode);
        Assert.NotEqual(JsonValueKind.Null, JsonDocument.Parse(await ack.Content.ReadAsStringAsync()).RootElement.GetProperty("ackedAt").ValueKind);
    }

    [Fact]
    public async Task HubMethods_HostileInvocations_HubErrorsConnectionsUsableAndRecordUnchanged()
    {
        string before = await world.FingerprintAsync();
        var random = new Random(Seed + 1);
        var hub = new HostileHub();
        var pending = world.First["pending"];
        var owner = await world.App.ConnectVolunteerAsync(pending.Volunteer);
        var intruder = await world.App.ConnectVolunteerAsync(HostileWorld.Bystander);
        var packed = await world.App.ConnectVolunteerAsync(pending.Volunteer, messagePack: true);
        var (board, _) = await world.App.BoardAsync();
        var finals = new Dictionary<string, HubConnection>();
        foreach (string ending in new[] { "accepted", "declined", "withdrawn", "expired" })
        {
            finals[ending] = await world.App.ConnectVolunteerAsync(world.First[ending].Volunteer);
        }

        HubConnection[] all = [owner, intruder, packed, board, .. finals.Values];
        try
        {
            await HostileHubCases.RunAsync(hub, world, random, owner, intruder, packed, board, finals);
            await HostileHubCases.OversizedAsync(hub, world);

            // Every connection that was not meant to close still answers.
            foreach (var connection in all)
            {
                Assert.Equal(HubConnectionState.Connected, connection.State);
            }

            foreach (var connection in all.Except([board]))
            {
                await hub.ErrorAsync("probe after the storm", connection, nameof(VolunteerHub.AckOffer), 987_654_321L);
            }

            output.WriteLine($"Hub calls: {hub.Calls}; outcomes: {Format(hub.Histogram)}");
            Assert.True(hub.Failures.Count == 0, $"{hub.Failures.Count} of {hub.Calls} hub calls misbehaved:\n" + string.Join("\n", hub.Failures.Take(60)));
            Assert.True(hub.Calls >= 300, $"only {hub.Calls} hub calls");
            await AssertAliveAndUnchangedAsync(before);

            // A legal invocation still works on the connection that took the abuse.
            var ack = await owner.InvokeAsync<OfferAckDto>(nameof(VolunteerHub.AckOffer), pending.Id);
            Assert.NotNull(ack.AckedAt);
        }
        finally
        {
            foreach (var connection in all)
            {
                await connection.DisposeAsync();
            }
        }
    }

    private async Task AssertAliveAndUnchangedAsync(string before)
    {
        using var anonymous = await world.App.ClientAsync(userName: null);
        foreach (string path in new[] { "/health", "/health/ready" })
        {
            using var response = await anonymous.GetAsync(new Uri(path, UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.Equal(before, await world.FingerprintAsync());
        using var commander = await world.App.ClientAsync(Dispatch.Host.Auth.DemoAccounts.Commander);
        using var incident = await commander.GetAsync(new Uri($"/api/incidents/{world.Incidents[0]}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, incident.StatusCode);
    }

    private static string Format(SortedDictionary<string, int> histogram) => string.Join(", ", histogram.Select(kv => $"{kv.Key}×{kv.Value}"));
}
