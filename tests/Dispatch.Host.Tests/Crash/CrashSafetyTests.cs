using System.Collections.Concurrent;
using System.Diagnostics;
using Xunit.Abstractions;

namespace Dispatch.Host.Tests.Crash;

/// <summary>
/// Issue 3, crash safety: the real host (a child process) is killed with SIGKILL in the middle of a dispatch burst —
/// incidents being opened while volunteers accept and decline — and started again on the same data folder. Nothing a
/// client was told is lost, nothing is doubled, and the offers that were pending at the kill expire on time because
/// the timers were re-armed from the record.
/// </summary>
public sealed class CrashSafetyTests(ITestOutputHelper output)
{
    private const int PoolSize = 3_000;
    private const int VolunteerAccounts = 60;
    private const int OfferTimeoutSeconds = 6;
    private const int IncidentsInBurst = 8;
    private const int AcceptsBeforeKill = 15;

    /// <summary>How far an expiry may land after its due time (or after the restart, for offers overdue by then).</summary>
    private static readonly TimeSpan ExpiryTolerance = TimeSpan.FromSeconds(5);

    private static readonly TimeSpan BurstLimit = TimeSpan.FromSeconds(40);

    [Fact]
    public async Task SigKill_DuringDispatchBurst_NoAcknowledgedAcceptLostAndPendingOffersExpireOnRearmedTimers()
    {
        var folder = Directory.CreateTempSubdirectory("dispatch-crash-").FullName;
        try
        {
            string prePlans = Path.Combine(folder, "preplans-short-timeouts.yaml");
            CrashApi.WriteShortTimeoutPrePlans(prePlans, OfferTimeoutSeconds);
            var settings = new Dictionary<string, string>
            {
                ["Dispatch:PrePlans"] = prePlans,
                ["Dispatch:DemoVolunteerAccounts"] = VolunteerAccounts.ToString(System.Globalization.CultureInfo.InvariantCulture),
            };

            Burst burst;
            await using (var first = await HostProcess.StartAsync(folder, PoolSize, settings))
            {
                burst = await RunBurstAndKillAsync(first);
                Assert.True(first.HasExited);
            }

            await using var second = await HostProcess.StartAsync(folder, PoolSize, settings);
            var restartedAt = DateTimeOffset.UtcNow;
            using var api = new CrashApi(second.CreateClient());
            string commander = await api.TokenAsync("commander");

            // The demo accounts speak for the same volunteers after the restart (the mapping comes from the pool snapshot).
            Assert.Equal(burst.AccountOf.First(kv => kv.Value == "volunteer1").Key, await api.VolunteerIdOfAsync(await api.TokenAsync("volunteer1")));

            var incidentIds = (await api.OpenIncidentsAsync(commander)).Select(i => i.Incident.Id).Order().ToList();
            Assert.Superset(burst.Incidents.ToHashSet(), incidentIds.ToHashSet());
            var atRestart = await ReadAllAsync(api, commander, incidentIds);

            // What the record held at the kill: offers sent before it and not answered before it.
            var pendingAtKill = atRestart.SelectMany(d => d.Offers)
                .Where(o => o.SentAt < burst.KilledAt && (o.AnsweredAt is null || o.AnsweredAt > burst.KilledAt))
                .ToList();
            output.WriteLine(
                $"burst: {burst.Incidents.Count} incidents acknowledged, {burst.Acknowledged.Count} accepts acknowledged, {burst.Declined} declines, " +
                $"{burst.InFlightAtKill} answers in flight at the kill, {pendingAtKill.Count} offers pending in the record at the kill " +
                $"(the last poll before the kill saw {burst.PendingSeenLast})");
            Assert.NotEmpty(pendingAtKill);
            Assert.Equal(pendingAtKill.Count, CrashApi.RearmedCount(second.Output));
            Assert.All(pendingAtKill, o => Assert.True(
                o.State is "pending" or "expired", $"offer {o.Id} was pending at the kill and is {o.State} after the restart"));

            // Wait (polling the record with a deadline) until the timers re-armed at start have expired every one of them.
            var pendingIds = pendingAtKill.Select(o => o.Id).ToHashSet();
            var deadline = pendingAtKill.Max(o => o.ExpiresAt) > restartedAt ? pendingAtKill.Max(o => o.ExpiresAt) : restartedAt;
            var after = await PollAsync(
                () => ReadAllAsync(api, commander, incidentIds),
                details => !details.SelectMany(d => d.Offers).Any(o => pendingIds.Contains(o.Id) && o.State == "pending"),
                deadline + TimeSpan.FromSeconds(20),
                second);

            var offers = after.SelectMany(d => d.Offers).ToDictionary(o => o.Id);
            foreach (var before in pendingAtKill)
            {
                var now = offers[before.Id];
                Assert.Equal("expired", now.State);
                Assert.NotNull(now.AnsweredAt);
                Assert.True(now.AnsweredAt >= now.ExpiresAt, $"offer {now.Id} expired early: {now.AnsweredAt:O} < {now.ExpiresAt:O}");
                var due = now.ExpiresAt > restartedAt ? now.ExpiresAt : restartedAt;
                Assert.True(now.AnsweredAt <= due + ExpiryTolerance, $"offer {now.Id} expired at {now.AnsweredAt:O}, due {due:O}: not by a re-armed timer");
            }

            // Each expiry of an unfilled requirement ran a matching round after the restart: it either re-offered or
            // recorded why it could not (a shortfall) — which one depends on who is left, not on the restart.
            var requirements = after.SelectMany(d => d.Requirements).ToDictionary(r => r.Id);
            var reoffered = offers.Values.Count(o => o.SentAt > burst.KilledAt);
            // After the kill only the restarted host writes; overdue offers expire during its start, before it is healthy.
            int rounds = after.SelectMany(d => d.Audit).Count(e => e.At > burst.KilledAt && e.Kind is "requirement.matched" or "shortfall.recorded");
            output.WriteLine($"after the restart: {reoffered} re-offers, {rounds} matching rounds, {after.Sum(d => d.Assignments.Count)} assignments in the record");
            if (pendingAtKill.Any(o => requirements[o.RequirementId].Filled < requirements[o.RequirementId].Seats))
            {
                Assert.True(rounds > 0 || reoffered > 0, "no matching round ran after the restart: expiries did not re-match their requirements");
            }

            // 0 acknowledged accepts lost.
            var assignments = after.SelectMany(d => d.Assignments).ToList();
            foreach (var (offerId, volunteer) in burst.Acknowledged)
            {
                Assert.Equal("accepted", offers[offerId].State);
                Assert.Contains(assignments, a => a.OfferId == offerId && a.VolunteerId == volunteer && a.State == "accepted");
            }

            // Nobody committed twice; never more accepts than seats; filled counts match the assignments.
            var active = assignments.Where(a => a.State is "accepted" or "en_route" or "on_scene").ToList();
            Assert.All(active.GroupBy(a => a.VolunteerId), g => Assert.Single(g));
            foreach (var requirement in requirements.Values)
            {
                Assert.InRange(requirement.Filled, 0, requirement.Seats);
                Assert.Equal(requirement.Filled, assignments.Count(a => a.RequirementId == requirement.Id));
            }

            // The restarted live pool shows the committed volunteers committed: a new incident does not offer them again.
            var assigned = active.Select(a => a.VolunteerId).ToHashSet();
            foreach (int volunteer in burst.Acknowledged.Values.Distinct())
            {
                Assert.Equal("assigned", (await api.VolunteerAsync(commander, volunteer)).Commitment);
            }

            var probeAt = burst.Points[0];
            var probe = await api.CreateIncidentAsync(commander, "typhoon", "critical", probeAt.Latitude, probeAt.Longitude, "after the restart");
            Assert.NotEmpty(probe.Offers);
            Assert.DoesNotContain(probe.Offers, o => assigned.Contains(o.VolunteerId));
            Assert.DoesNotContain("The sweeper expired", second.Output, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>
    /// Opens incidents near the held accounts' volunteers while the accounts answer every offer they get (three in four
    /// accepted, the rest declined), and kills the host with SIGKILL once enough accepts were acknowledged while other
    /// answers are still in flight.
    /// </summary>
    private async Task<Burst> RunBurstAndKillAsync(HostProcess host)
    {
        using var api = new CrashApi(host.CreateClient());
        string commander = await api.TokenAsync("commander");
        var accounts = Enumerable.Range(1, VolunteerAccounts).Select(n => $"volunteer{n}").ToList();
        var tokens = await Task.WhenAll(accounts.Select(api.TokenAsync));
        var ids = await Task.WhenAll(tokens.Select(api.VolunteerIdOfAsync));
        var tokenOf = ids.Zip(tokens).ToDictionary(p => p.First, p => p.Second);
        var accountOf = ids.Zip(accounts).ToDictionary(p => p.First, p => p.Second);
        var volunteers = await Task.WhenAll(ids.Select(id => api.VolunteerAsync(commander, id)));

        // One incident point per city of the held volunteers (most held first), at a held volunteer's coarse location.
        var points = volunteers.GroupBy(v => v.CityAdcode).OrderByDescending(g => g.Count()).Select(g => g.First().Location).ToList();

        var incidents = new ConcurrentQueue<long>();
        var attempted = new ConcurrentDictionary<long, bool>();
        var acknowledged = new ConcurrentDictionary<long, int>();
        var answers = new ConcurrentBag<Task>();
        var kill = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        int inFlight = 0;
        int declined = 0;
        int pendingSeenLast = 0;
        int answered = 0;

        void Answer(OfferRow offer)
        {
            if (offer.State != "pending" || !tokenOf.TryGetValue(offer.VolunteerId, out var token) || !attempted.TryAdd(offer.Id, true) || kill.Task.IsCompleted)
            {
                return;
            }

            bool accept = Interlocked.Increment(ref answered) % 4 != 0;
            Interlocked.Increment(ref inFlight);
            answers.Add(Task.Run(async () =>
            {
                try
                {
                    var status = await api.AnswerAsync(token, offer.Id, accept);
                    if ((int)status is >= 200 and < 300)
                    {
                        if (!accept)
                        {
                            Interlocked.Increment(ref declined);
                        }
                        else if (acknowledged.TryAdd(offer.Id, offer.VolunteerId) && acknowledged.Count >= AcceptsBeforeKill && Volatile.Read(ref inFlight) > 1)
                        {
                            kill.TrySetResult();
                        }
                    }
                }
                catch (Exception) when (kill.Task.IsCompleted)
                {
                    // The host died under this answer: it was never acknowledged.
                }
                finally
                {
                    Interlocked.Decrement(ref inFlight);
                }
            }));
        }

        var creator = Task.Run(async () =>
        {
            try
            {
                for (int i = 0; i < IncidentsInBurst && !kill.Task.IsCompleted; i++)
                {
                    var at = points[i % points.Count];
                    var created = await api.CreateIncidentAsync(commander, "typhoon", i % 2 == 0 ? "major" : "critical", at.Latitude, at.Longitude, $"burst {i}");
                    incidents.Enqueue(created.Incident.Id);
                    foreach (var offer in created.Offers)
                    {
                        Answer(offer);
                    }
                }
            }
            catch (Exception) when (kill.Task.IsCompleted)
            {
                // Killed mid-request.
            }
        });

        var poller = Task.Run(async () =>
        {
            try
            {
                while (!kill.Task.IsCompleted)
                {
                    int pending = 0;
                    foreach (long id in incidents.ToArray())
                    {
                        var detail = await api.IncidentAsync(commander, id);
                        pending += detail.Offers.Count(o => o.State == "pending");
                        foreach (var offer in detail.Offers)
                        {
                            Answer(offer);
                        }
                    }

                    Volatile.Write(ref pendingSeenLast, pending);
                    await Task.Yield();
                }
            }
            catch (Exception) when (kill.Task.IsCompleted)
            {
                // Killed mid-request.
            }
        });

        var finished = await Task.WhenAny(kill.Task, Task.Delay(BurstLimit), Task.WhenAll(creator, poller));
        if (finished != kill.Task)
        {
            await Task.WhenAny(Task.WhenAll(creator, poller), Task.Delay(TimeSpan.FromSeconds(1)));
            Assert.Fail(
                $"The burst never reached {AcceptsBeforeKill} acknowledged accepts with answers in flight: {acknowledged.Count} acknowledged, " +
                $"{attempted.Count} answers tried, {incidents.Count} incidents. creator={creator.Status} {creator.Exception} poller={poller.Status} {poller.Exception}\n{host.Output}");
        }

        int inFlightAtKill = Volatile.Read(ref inFlight);
        await host.KillAsync();
        var killedAt = DateTimeOffset.UtcNow;
        await Task.WhenAll(creator, poller);
        await Task.WhenAll(answers.ToArray());
        return new Burst(
            [.. incidents], new Dictionary<long, int>(acknowledged), accountOf, [.. points], killedAt, inFlightAtKill, declined, Volatile.Read(ref pendingSeenLast));
    }

    private static async Task<IReadOnlyList<IncidentDetailRow>> ReadAllAsync(CrashApi api, string commander, IEnumerable<long> incidentIds)
    {
        var details = new List<IncidentDetailRow>();
        foreach (long id in incidentIds)
        {
            details.Add(await api.IncidentAsync(commander, id));
        }

        return details;
    }

    /// <summary>Reads until <paramref name="done"/> holds or the deadline passes (then fails with what was last read).</summary>
    private static async Task<T> PollAsync<T>(Func<Task<T>> read, Func<T, bool> done, DateTimeOffset deadline, HostProcess host)
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            var value = await read();
            if (done(value))
            {
                return value;
            }

            Assert.True(DateTimeOffset.UtcNow < deadline, $"Condition not met by {deadline:O} after {watch.Elapsed}:\n{host.Output}");

            // Polling the record with a deadline: the child process offers no push signal this test can await.
            await Task.Delay(200);
        }
    }

    private sealed record Burst(
        IReadOnlyList<long> Incidents,
        IReadOnlyDictionary<long, int> Acknowledged,
        IReadOnlyDictionary<int, string> AccountOf,
        IReadOnlyList<LocationRow> Points,
        DateTimeOffset KilledAt,
        int InFlightAtKill,
        int Declined,
        int PendingSeenLast);
}
