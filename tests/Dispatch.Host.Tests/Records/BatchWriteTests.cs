using Dapper;
using Dispatch.Engine.Pool;
using Dispatch.Host.Records;

namespace Dispatch.Host.Tests.Records;

/// <summary>The multi-row writes a matching round uses: the same rows, in the same order, as one statement per row.</summary>
public sealed class BatchWriteTests
{
    [Fact]
    public async Task TryInsertOffersAsync_ClaimedVolunteerInTheMiddle_NullInItsPlace_OthersStoredAsReadBack()
    {
        await using var record = await TempRecord.CreateAsync();

        var (written, stored) = await record.Store.WriteAsync(async tx =>
        {
            var (incident, _, _) = await TempRecord.SeedAsync(tx, seats: 2, filled: 0, 7); // volunteer 7 holds a pending offer
            var other = await tx.InsertRequirementAsync(TempRecord.Requirement(incident, 3));
            var result = await tx.TryInsertOffersAsync(incident, [TempRecord.Offer(other.Id, 5), TempRecord.Offer(other.Id, 7), TempRecord.Offer(other.Id, 9)]);
            return (result, await tx.GetOffersAsync(other.Id));
        });

        Assert.Equal(3, written.Count);
        Assert.Null(written[1]);
        Assert.Equal([5, 9], written.Where(o => o is not null).Select(o => o!.Volunteer.Value));
        // What the batch returns is what a read gives back (times at the record's millisecond resolution).
        Assert.Equal(stored, written.Where(o => o is not null).Select(o => o!));
    }

    [Fact]
    public async Task TryInsertOffersAsync_MoreThanOneStatement_StoresEveryRow()
    {
        await using var record = await TempRecord.CreateAsync();

        var written = await record.Store.WriteAsync(async tx =>
        {
            var incident = await tx.InsertIncidentAsync(TempRecord.Incident());
            var requirement = await tx.InsertRequirementAsync(TempRecord.Requirement(incident, 250));
            return await tx.TryInsertOffersAsync(incident, [.. Enumerable.Range(100, 250).Select(v => TempRecord.Offer(requirement.Id, v))]);
        });
        int pending = await record.Store.ReadAsync(r => r.Connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM offers WHERE state = 'pending'", transaction: r.Transaction));

        Assert.Equal(250, pending);
        Assert.Equal(Enumerable.Range(100, 250), written.Select(o => o!.Volunteer.Value));
        Assert.Equal(250, written.Select(o => o!.Id).Distinct().Count());
    }

    [Fact]
    public async Task AppendManyAsync_FeedKeepsTheListsOrder_SetCommitmentsAsync_SetsEach()
    {
        await using var record = await TempRecord.CreateAsync();
        long tail = await record.Store.GetFeedTailAsync();
        var events = Enumerable.Range(0, 230)
            .Select(i => new NewAuditEvent(TempRecord.Now, "test", i % 2 == 0 ? AuditKinds.OfferCreated : AuditKinds.OfferSkipped, null, new VolunteerId(i), null, $"event {i}", new { i }))
            .ToList();

        await record.Store.WriteAsync(async tx =>
        {
            await tx.AppendManyAsync(events);
            await tx.SetCommitmentsAsync([new VolunteerId(3), new VolunteerId(4)], CommitmentState.Offered, TempRecord.Now);
            return true;
        });
        var feed = await record.Store.ReadEventsAfterAsync(tail, 1000);
        var commitments = await record.Store.ReadAsync(r => r.Connection.QueryAsync<(long, string)>(
            "SELECT volunteer_id, commitment FROM volunteer_state ORDER BY volunteer_id", transaction: r.Transaction));

        Assert.Equal(events.Select(e => (e.Kind, e.Reason, e.Volunteer)), feed.Select(e => (e.Kind, e.Reason, e.Volunteer)));
        Assert.Equal([(3L, "offered"), (4L, "offered")], commitments);
    }
}
