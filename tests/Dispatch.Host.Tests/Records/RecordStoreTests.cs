using Dapper;
using Dispatch.Engine.Dispatching;
using Dispatch.Engine.Pool;
using Dispatch.Host.Records;

namespace Dispatch.Host.Tests.Records;

public sealed class RecordStoreTests
{
    [Fact]
    public async Task MigrateAsync_RunTwiceAndOnReopen_AppliesNothingNew()
    {
        await using var record = await TempRecord.CreateAsync();

        int again = await record.Store.MigrateAsync(TimeProvider.System);
        var second = await record.OpenStoreAsync();
        int reopened = await second.MigrateAsync(TimeProvider.System);
        int versions = await record.Store.ReadAsync(r => r.Connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM schema_version", transaction: r.Transaction));

        Assert.Equal(0, again);
        Assert.Equal(0, reopened);
        Assert.Equal(1, versions);
    }

    [Fact]
    public async Task OpenAsync_NewFile_UsesWalAndForeignKeys()
    {
        await using var record = await TempRecord.CreateAsync();

        var (mode, keys) = await record.Store.ReadAsync(async r => (
            await r.Connection.ExecuteScalarAsync<string>("PRAGMA journal_mode", transaction: r.Transaction),
            await r.Connection.ExecuteScalarAsync<long>("PRAGMA foreign_keys", transaction: r.Transaction)));

        Assert.Equal("wal", mode);
        Assert.Equal(1, keys);
    }

    [Fact]
    public async Task TryInsertOfferAsync_VolunteerAlreadyClaimed_WritesNothing()
    {
        await using var record = await TempRecord.CreateAsync();

        var (first, second, count) = await record.Store.WriteAsync(async tx =>
        {
            var (incident, requirement, _) = await TempRecord.SeedAsync(tx, seats: 2, filled: 0, 7);
            var other = await tx.InsertRequirementAsync(TempRecord.Requirement(incident, 1));
            var again = await tx.TryInsertOfferAsync(incident, TempRecord.Offer(other.Id, 7));
            var stranger = await tx.TryInsertOfferAsync(incident, TempRecord.Offer(other.Id, 8));
            return (again, stranger, await tx.Connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM offers", transaction: tx.Transaction));
        });

        Assert.Null(first);
        Assert.NotNull(second);
        Assert.Equal(2, count);
    }

    [Fact]
    public async Task TryInsertOfferAsync_AfterDecline_ClaimIsFreeAgain()
    {
        await using var record = await TempRecord.CreateAsync();

        var again = await record.Store.WriteAsync(async tx =>
        {
            var (incident, requirement, offers) = await TempRecord.SeedAsync(tx, 2, 0, 7);
            Assert.True(await tx.TryDeclineOfferAsync(offers[0].Id, TempRecord.Now, "busy"));
            return await tx.TryInsertOfferAsync(incident, TempRecord.Offer(requirement.Id, 7));
        });

        Assert.NotNull(again);
        Assert.Equal(OfferState.Pending, again.State);
    }

    [Fact]
    public async Task GetPendingExpiriesAsync_MixedIds_ReturnsTheStoredExpiryOfEachPendingOneInIdOrder()
    {
        await using var record = await TempRecord.CreateAsync();
        var (_, requirement, offers) = await record.Store.WriteAsync(tx => TempRecord.SeedAsync(tx, 3, 0, 7, 8, 9));
        var later = await record.Store.WriteAsync(async tx =>
        {
            Assert.True(await tx.TryDeclineOfferAsync(offers[1].Id, TempRecord.Now, "busy"));
            return await tx.TryInsertOfferAsync(offers[0].Incident, TempRecord.Offer(requirement.Id, 8, TempRecord.Now.AddSeconds(45.5)))
                ?? throw new InvalidOperationException("The volunteer's claim was not freed by the decline.");
        });

        var expiries = await record.Store.ReadAsync(r => r.GetPendingExpiriesAsync([later.Id, offers[2].Id, offers[1].Id, offers[0].Id, new OfferId(999_999)]));

        // The declined offer and the unknown id are left out; times as stored (milliseconds), as the full offer reads them.
        var stored = await record.Store.ReadAsync(async r => new[] { await r.GetOfferAsync(offers[0].Id), await r.GetOfferAsync(offers[2].Id), await r.GetOfferAsync(later.Id) });
        Assert.Equal(stored.Select(o => (o!.Id, o.ExpiresAt)), expiries);
        Assert.Equal(TempRecord.Now.AddSeconds(45.5), expiries[^1].ExpiresAt);
    }

    [Fact]
    public async Task InsertAssignmentAsync_SecondActiveForVolunteer_ThrowsConflictAndRollsBack()
    {
        await using var record = await TempRecord.CreateAsync();
        var (_, _, offers) = await record.Store.WriteAsync(tx => TempRecord.SeedAsync(tx, 2, 0, 7));
        await record.Store.WriteAsync(async tx =>
        {
            Assert.True(await tx.TryAcceptOfferAsync(offers[0].Id, TempRecord.Now));
            await tx.InsertAssignmentAsync(offers[0], TempRecord.Now);
            return 0;
        });

        // A second incident's offer to the same volunteer, forged past the claim, must still not become an assignment.
        var forged = await record.Store.WriteAsync(async tx => (await TempRecord.SeedAsync(tx, 1, 0, 7)).Offers[0]);
        await Assert.ThrowsAsync<RecordConflictException>(() => record.Store.WriteAsync(async tx =>
        {
            Assert.True(await tx.TryTakeSeatAsync(forged.Requirement));
            Assert.True(await tx.TryAcceptOfferAsync(forged.Id, TempRecord.Now));
            await tx.InsertAssignmentAsync(forged, TempRecord.Now);
            return 0;
        }));

        var state = await record.Store.ReadAsync(async r => (await r.GetOfferAsync(forged.Id), await r.GetRequirementAsync(forged.Requirement)));
        Assert.Equal(OfferState.Pending, state.Item1!.State);
        Assert.Equal(0, state.Item2!.Filled);
    }

    [Fact]
    public async Task TryTakeSeatAsync_NoSeatLeft_ReturnsFalse()
    {
        await using var record = await TempRecord.CreateAsync();

        var (first, second) = await record.Store.WriteAsync(async tx =>
        {
            var (_, requirement, _) = await TempRecord.SeedAsync(tx, 1, 0);
            return (await tx.TryTakeSeatAsync(requirement.Id), await tx.TryTakeSeatAsync(requirement.Id));
        });

        Assert.True(first);
        Assert.False(second);
    }

    [Fact]
    public async Task TryAcceptOfferAsync_AtOrAfterExpiry_ReturnsFalse()
    {
        await using var record = await TempRecord.CreateAsync();
        var offer = await record.Store.WriteAsync(async tx => (await TempRecord.SeedAsync(tx, 1, 0, 3)).Offers[0]);

        var late = await record.Store.WriteAsync(tx => tx.TryAcceptOfferAsync(offer.Id, offer.ExpiresAt));
        var early = await record.Store.WriteAsync(tx => tx.TryExpireOfferAsync(offer.Id, offer.ExpiresAt.AddMilliseconds(-1)));
        var expired = await record.Store.WriteAsync(tx => tx.TryExpireOfferAsync(offer.Id, offer.ExpiresAt));

        Assert.False(late);
        Assert.False(early);
        Assert.True(expired);
    }

    [Fact]
    public async Task WriteAsync_WorkThrows_NothingIsRecorded()
    {
        await using var record = await TempRecord.CreateAsync();

        await Assert.ThrowsAsync<InvalidOperationException>(() => record.Store.WriteAsync<int>(async tx =>
        {
            await TempRecord.SeedAsync(tx, 1, 0, 1, 2);
            await tx.AppendAsync(new NewAuditEvent(TempRecord.Now, "t", "test", null, null, null, "r"));
            throw new InvalidOperationException("boom");
        }));

        Assert.Empty(await record.Store.ReadEventsAfterAsync(0));
        Assert.Equal(0, await record.Store.ReadAsync(r => r.Connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM offers", transaction: r.Transaction)));
    }

    [Fact]
    public async Task ReadEventsAfterAsync_AfterId_ReturnsLaterEventsInCommitOrder()
    {
        await using var record = await TempRecord.CreateAsync();
        var ids = new List<long>();
        for (int i = 0; i < 5; i++)
        {
            ids.Add(await record.Store.WriteAsync(tx => tx.AppendAsync(
                new NewAuditEvent(TempRecord.Now.AddSeconds(i), "commander", "test", new IncidentId(1), new VolunteerId(i), null, $"event {i}", new { i }))));
        }

        var after = await record.Store.ReadEventsAfterAsync(ids[1]);

        Assert.Equal(ids.Skip(2), after.Select(e => e.Id));
        Assert.Equal(["event 2", "event 3", "event 4"], after.Select(e => e.Reason));
        Assert.Equal("{\"i\":2}", after[0].Payload);
        Assert.Equal(new VolunteerId(2), after[0].Volunteer);
    }

    [Fact]
    public async Task OpenAsync_ReopenedFile_KeepsEverything()
    {
        string folder;
        Offer offer;
        await using (var record = await TempRecord.CreateAsync())
        {
            folder = record.Folder;
            offer = await record.Store.WriteAsync(async tx =>
            {
                var seeded = await TempRecord.SeedAsync(tx, 2, 0, 11);
                await tx.AppendAsync(new NewAuditEvent(TempRecord.Now, "commander", AuditKinds.OfferCreated, seeded.Incident, new VolunteerId(11), seeded.Offers[0].Id, "sent"));
                return seeded.Offers[0];
            });

            // Open a second, independent store on the same folder: a restarted host.
            var reopened = await record.OpenStoreAsync();
            var (again, events, incident) = await reopened.ReadAsync(async r =>
                (await r.GetOfferAsync(offer.Id), await r.GetAuditForIncidentAsync(offer.Incident), await r.GetIncidentAsync(offer.Incident)));

            Assert.Equal(offer, again);
            Assert.Single(events);
            Assert.Equal("南京市应急管理局", incident!.CommandAuthority);
            Assert.Equal(TempRecord.Now, incident.CreatedAt);
        }

        Assert.False(Directory.Exists(folder));
    }
}
