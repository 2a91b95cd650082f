using Dispatch.Host.Realtime;
using Microsoft.AspNetCore.SignalR.Client;

namespace Dispatch.Host.Tests.Hostile;

/// <summary>The hostile hub invocations: unknown and foreign offers, forbidden answers, wrong argument lists, unknown methods.</summary>
internal static class HostileHubCases
{
    private const string Ack = nameof(VolunteerHub.AckOffer);
    private const string Accept = nameof(VolunteerHub.AcceptOffer);
    private const string Decline = nameof(VolunteerHub.DeclineOffer);

    public static async Task RunAsync(
        HostileHub hub, HostileWorld world, Random random, HubConnection owner, HubConnection intruder, HubConnection packed, HubConnection board,
        Dictionary<string, HubConnection> finals)
    {
        long mine = world.First["pending"].Id;
        long[] unknown = [0, -1, long.MinValue, long.MaxValue, 987_654_321, .. Enumerable.Range(0, 25).Select(_ => random.NextInt64(1_000_000, long.MaxValue))];
        foreach (long id in unknown)
        {
            foreach (var connection in new[] { owner, intruder })
            {
                await hub.ErrorAsync($"ack unknown {id}", connection, Ack, id);
                await hub.ErrorAsync($"accept unknown {id}", connection, Accept, id);
                await hub.ErrorAsync($"decline unknown {id}", connection, Decline, id, "x");
            }
        }

        foreach (var offer in world.AllOffers)
        {
            foreach (var (connection, who) in new[] { (intruder, "bystander"), (owner, "owner of another offer") })
            {
                if (connection == owner && offer.Id == mine)
                {
                    continue;
                }

                await hub.ErrorAsync($"ack {offer.State} offer {offer.Id} by {who}", connection, Ack, offer.Id);
                await hub.ErrorAsync($"accept {offer.State} offer {offer.Id} by {who}", connection, Accept, offer.Id);
                await hub.ErrorAsync($"decline {offer.State} offer {offer.Id} by {who}", connection, Decline, offer.Id, "mine now");
            }
        }

        // Answers the offer's state forbids, each tried three times.
        for (int i = 0; i < 3; i++)
        {
            await hub.RefusedAsync("decline accepted", finals["accepted"], Decline, "accepted", world.First["accepted"].Id, "changed my mind");
            await hub.RefusedAsync("accept declined", finals["declined"], Accept, "declined", world.First["declined"].Id);
            foreach (string ending in new[] { "withdrawn", "expired" })
            {
                await hub.RefusedAsync($"accept {ending}", finals[ending], Accept, ending, world.First[ending].Id);
                await hub.RefusedAsync($"decline {ending}", finals[ending], Decline, ending, world.First[ending].Id, null);
            }
        }

        // Wrong argument lists on the owner's own pending offer: none binds, so nothing is answered.
        long foreign = world.First["declined"].Id;
        object?[][] oneArgument = [[], ["abc"], [1.5], [true], [null], [new { offerId = mine }], [new[] { mine }], [mine, "extra"], [mine, mine], [double.MaxValue], [$"{foreign}x"], [""]];
        foreach (string method in new[] { Ack, Accept })
        {
            foreach (var args in oneArgument)
            {
                await hub.ErrorAsync($"{method}({Describe(args)})", owner, method, args);
            }
        }

        object?[][] declineArguments =
        [
            [], [mine], [mine, 5], [mine, true], [mine, new { text = "x" }], [mine, new[] { "a" }], ["abc", "x"], [null, "x"], [mine, "x", "y"], [1.5, "x"],
            [mine, new string('r', 501)], [mine, new string('r', 30_000)], [mine, new string('汉', 501)], [new { id = mine }, null],
        ];
        foreach (var args in declineArguments)
        {
            await hub.ErrorAsync($"DeclineOffer({Describe(args)})", owner, Decline, args);
        }

        foreach (string method in new[] { "DropTables", "AcceptOffer ", "OnConnectedAsync", "OnDisconnectedAsync", "Dispose", "GroupOf", "Me", "Check", "Actor", new string('M', 1_000), "AcceptOffer\u0000" })
        {
            await hub.ErrorAsync($"unknown method {IncidentCases.Short(method)}", owner, method, mine);
        }

        foreach (string method in new[] { Accept, Decline, Ack, "WithdrawOffer", "CreateIncident", "OnConnectedAsync", "BoardEvent", "SendAsync" })
        {
            await hub.ErrorAsync($"board hub {method}", board, method, mine, "x");
        }

        // The same over MessagePack.
        foreach (long id in unknown.Take(10))
        {
            await hub.ErrorAsync($"packed ack unknown {id}", packed, Ack, id);
            await hub.ErrorAsync($"packed accept unknown {id}", packed, Accept, id);
            await hub.ErrorAsync($"packed decline unknown {id}", packed, Decline, id, "x");
        }

        foreach (var args in new object?[][] { [], ["abc"], [1.5], [true], [null], [mine, "extra"], [new[] { 1, 2 }] })
        {
            await hub.ErrorAsync($"packed AcceptOffer({Describe(args)})", packed, Accept, args);
        }

        foreach (var args in new object?[][] { [mine, 5], [mine, true], [mine, new string('r', 501)], ["abc", "x"], [mine], [mine, "x", "y"] })
        {
            await hub.ErrorAsync($"packed DeclineOffer({Describe(args)})", packed, Decline, args);
        }

        // A streaming invocation of methods that do not stream; fire-and-forget messages with bad arguments.
        foreach (var connection in new[] { owner, packed })
        {
            await hub.StreamAsync("stream accept foreign", connection, Accept, foreign);
            await hub.StreamAsync("stream decline unknown", connection, Decline, 987_654_321L, "x");
            await hub.StreamAsync("stream unknown method", connection, "DropTables");
        }

        foreach (var args in new object?[][] { [], ["abc"], [mine, "x", "y"], [null], [foreign] })
        {
            await hub.SendAsync(owner, Accept, args);
            await hub.SendAsync(owner, "DropTables", args);
        }

        // The sends above are not answered; an invocation behind them proves they were processed and survived.
        await hub.ErrorAsync("after fire-and-forget", owner, Accept, 987_654_321L);
    }

    /// <summary>A message over SignalR's 32 KB receive limit closes its connection; the host and other connections carry on.</summary>
    public static async Task OversizedAsync(HostileHub hub, HostileWorld world)
    {
        var pending = world.First["pending"];
        foreach (bool messagePack in new[] { false, true })
        {
            var connection = await world.App.ConnectVolunteerAsync(pending.Volunteer, messagePack);
            await using (connection)
            {
                await hub.OversizedAsync($"40 KB reason (messagePack={messagePack})", connection, Decline, pending.Id, new string('r', 40_000));
            }
        }

        var fresh = await world.App.ConnectVolunteerAsync(pending.Volunteer);
        await using (fresh)
        {
            await hub.ErrorAsync("fresh connection after the closes", fresh, Accept, 987_654_321L);
        }
    }

    private static string Describe(object?[] args) =>
        string.Join(", ", args.Select(a => a switch { null => "null", string s => $"\"{IncidentCases.Short(s)}\"", _ => a.ToString() }));
}
