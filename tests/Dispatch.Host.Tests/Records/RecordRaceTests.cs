using Dapper;
using Dispatch.Engine.Dispatching;
using Dispatch.Host.Records;

namespace Dispatch.Host.Tests.Records;

/// <summary>
/// Races on real threads released together by a barrier, over two stores on one file (two hosts: separate writer
/// queues), so the database's write lock and the conditional updates — not the in-process queue — decide the winners.
/// </summary>
public sealed class RecordRaceTests
{
    private const int Contenders = 4;

    [Fact]
    public async Task AcceptRace_LastSeat_ExactlyOneWinnerEachAndNoDoubleBooking()
    {
        const int races = 1000;
        await using var record = await TempRecord.CreateAsync();
        var other = await record.OpenStoreAsync();
        var stores = new[] { record.Store, other };
        // Each race: a requirement with 3 seats, 2 filled, and one pending offer per contender (distinct volunteers).
        var offers = await record.Store.WriteAsync(async tx =>
        {
            var all = new Offer[races][];
            for (int r = 0; r < races; r++)
            {
                all[r] = (await TempRecord.SeedAsync(tx, 3, 2, [.. Enumerable.Range(r * Contenders, Contenders)])).Offers;
            }

            return all;
        });

        var wins = RunRaces(races, (race, contender) =>
            AcceptAsync(stores[contender % 2], offers[race][contender]).GetAwaiter().GetResult());

        Assert.All(wins, w => Assert.Equal(1, w.Count(won => won)));
        var check = await record.Store.ReadAsync(async r => (
            Overfilled: await r.Connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM requirements WHERE filled <> 3", transaction: r.Transaction),
            Assignments: await r.Connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM assignments", transaction: r.Transaction),
            Accepted: await r.Connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM offers WHERE state = 'accepted'", transaction: r.Transaction),
            Pending: await r.Connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM offers WHERE state = 'pending'", transaction: r.Transaction),
            DoubleBooked: await r.Connection.ExecuteScalarAsync<int>(
                "SELECT COUNT(*) FROM (SELECT volunteer_id FROM assignments WHERE state IN ('accepted', 'en_route', 'on_scene') GROUP BY volunteer_id HAVING COUNT(*) > 1) d",
                transaction: r.Transaction),
            Events: await r.Connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM audit_events", transaction: r.Transaction)));
        Assert.Equal((0, races, races, 0, 0, races * Contenders), check);
    }

    [Fact]
    public async Task AcceptVersusExpireRace_OnEachOffer_ExactlyOneFinalState()
    {
        const int races = 300;
        await using var record = await TempRecord.CreateAsync();
        var other = await record.OpenStoreAsync();
        var offers = await record.Store.WriteAsync(async tx =>
        {
            var all = new Offer[races];
            for (int r = 0; r < races; r++)
            {
                all[r] = (await TempRecord.SeedAsync(tx, 1, 0, r)).Offers[0];
            }

            return all;
        });

        // Contender 0 accepts one millisecond before the expiry; contender 1 expires at the expiry. Both are valid alone.
        var wins = RunRaces(races, (race, contender) =>
        {
            var offer = offers[race];
            return contender == 0
                ? AcceptAsync(record.Store, offer, offer.ExpiresAt.AddMilliseconds(-1)).GetAwaiter().GetResult()
                : other.WriteAsync(tx => ExpireAsync(tx, offer)).GetAwaiter().GetResult();
        }, contenders: 2);

        Assert.All(wins, w => Assert.Equal(1, w.Count(won => won)));
        var rows = await record.Store.ReadAsync(r => r.Connection.QueryAsync<(string State, long Filled, long Assignments, long Events)>(
            """
            SELECT o.state, q.filled, (SELECT COUNT(*) FROM assignments a WHERE a.offer_id = o.id),
                   (SELECT COUNT(*) FROM audit_events e WHERE e.offer_id = o.id)
            FROM offers o JOIN requirements q ON q.id = o.requirement_id
            """, transaction: r.Transaction));
        Assert.Equal(races, rows.Count());
        Assert.All(rows, row => Assert.True(
            row is ("accepted", 1, 1, 1) or ("expired", 0, 0, 1), $"inconsistent final state {row}"));
        Assert.Contains(rows, row => row.State == "accepted");
        Assert.Contains(rows, row => row.State == "expired");
    }

    /// <summary>The accept transaction as the use case writes it: seat, then offer, then assignment, with its event.</summary>
    private static Task<bool> AcceptAsync(RecordStore store, Offer offer, DateTimeOffset? at = null)
    {
        var now = at ?? TempRecord.Now;
        return store.WriteAsync(async tx =>
        {
            if (!await tx.TryAcceptOfferAsync(offer.Id, now))
            {
                return false;
            }

            if (!await tx.TryTakeSeatAsync(offer.Requirement))
            {
                throw new RecordConflictException("no seat"); // never reached: the last winner withdraws the rest
            }

            await tx.InsertAssignmentAsync(offer, now);
            await tx.AppendAsync(new NewAuditEvent(now, "volunteer", AuditKinds.OfferAccepted, offer.Incident, offer.Volunteer, offer.Id, "accepted"));
            var requirement = await tx.GetRequirementAsync(offer.Requirement);
            foreach (var id in DispatchDecisions.WhenFilled(requirement!, await tx.GetOffersAsync(offer.Requirement)))
            {
                if (await tx.TryWithdrawOfferAsync(id, now, WithdrawReason.Filled))
                {
                    await tx.AppendAsync(new NewAuditEvent(now, "system", AuditKinds.OfferWithdrawn, offer.Incident, null, id, "filled"));
                }
            }

            return true;
        });
    }

    private static async Task<bool> ExpireAsync(RecordTransaction tx, Offer offer)
    {
        if (!await tx.TryExpireOfferAsync(offer.Id, offer.ExpiresAt))
        {
            return false;
        }

        await tx.AppendAsync(new NewAuditEvent(offer.ExpiresAt, "timer", AuditKinds.OfferExpired, offer.Incident, offer.Volunteer, offer.Id, "expired"));
        return true;
    }

    /// <summary>Runs <paramref name="races"/> rounds; in each, every contender thread starts its attempt at the same barrier.</summary>
    private static bool[][] RunRaces(int races, Func<int, int, bool> attempt, int contenders = Contenders)
    {
        var results = new bool[races][];
        for (int r = 0; r < races; r++)
        {
            results[r] = new bool[contenders];
        }

        using var barrier = new Barrier(contenders);
        var errors = new System.Collections.Concurrent.ConcurrentQueue<Exception>();
        var threads = Enumerable.Range(0, contenders).Select(c => new Thread(() =>
        {
            for (int r = 0; r < races; r++)
            {
                barrier.SignalAndWait();
                try
                {
                    results[r][c] = attempt(r, c);
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    errors.Enqueue(e);
                }
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        Assert.Empty(errors);
        return results;
    }
}
