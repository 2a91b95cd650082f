using Dapper;
using Dispatch.Engine.Dispatching;
using Dispatch.Engine.Pool;
using Dispatch.Host.Records;
using FsCheck.Xunit;

namespace Dispatch.Host.Tests.Records;

/// <summary>
/// A round writes its offers, claims and audit with multi-row statements. Whatever the planned offers — any number, across
/// the statement size, volunteers planned twice, volunteers already holding a pending offer — the result and every row
/// written are exactly those of writing the same offers one by one.
/// </summary>
public sealed class MultiRowWriteProperties
{
    private const int Volunteers = 48;

    [Property(MaxTest = 40)]
    public bool MultiRowWrites_RecordExactlyWhatWritingOneByOneRecords(byte[] planned, byte[] holding) =>
        Task.Run(() => CompareAsync(planned, holding)).GetAwaiter().GetResult();

    [Fact]
    public async Task TryInsertOffersAsync_AcrossTheStatementSize_WritesEveryOfferInOrder()
    {
        int count = (2 * RecordTransaction.RowsPerStatement) + 3;
        await using var record = await TempRecord.CreateAsync();

        var (requirement, written) = await record.Store.WriteAsync(async tx =>
        {
            var incident = await tx.InsertIncidentAsync(TempRecord.Incident());
            var requirement = await tx.InsertRequirementAsync(TempRecord.Requirement(incident, count));
            return (requirement, await tx.TryInsertOffersAsync(incident, [.. Enumerable.Range(1, count).Select(v => TempRecord.Offer(requirement.Id, v))]));
        });
        var stored = await record.Store.ReadAsync(r => r.GetOffersAsync(requirement.Id));

        Assert.Equal(Enumerable.Range(1, count), written.Select(o => o!.Volunteer.Value));
        Assert.Equal(stored, written);
        Assert.True(written.Zip(written.Skip(1)).All(p => p.First!.Id.Value < p.Second!.Id.Value));
    }

    private static async Task<bool> CompareAsync(byte[] planned, byte[] holding)
    {
        await using var record = await TempRecord.CreateAsync();
        var seeded = await record.Store.WriteAsync(tx => TempRecord.SeedAsync(tx, Volunteers, 0, [.. (holding ?? []).Select(v => 1 + (v % Volunteers)).Distinct()]));
        var incident = seeded.Incident;
        var requirement = seeded.Requirement.Id;
        PlannedOffer[] offers = [.. (planned ?? []).Select((v, i) => TempRecord.Offer(requirement, 1 + (v % Volunteers), TempRecord.Now.AddSeconds(60 + i)))];

        var oneByOne = await RehearseAsync(record.Store, async tx =>
        {
            var written = new List<Offer?>();
            foreach (var offer in offers)
            {
                var w = await tx.TryInsertOfferAsync(incident, offer);
                written.Add(w);
                if (w is not null)
                {
                    await tx.SetCommitmentAsync(offer.Volunteer, CommitmentState.Offered, TempRecord.Now);
                }

                await tx.AppendAsync(EventFor(incident, offer, w));
            }

            return (IReadOnlyList<Offer?>)written;
        });
        var multiRow = await RehearseAsync(record.Store, async tx =>
        {
            var written = await tx.TryInsertOffersAsync(incident, offers);
            await tx.SetCommitmentsAsync([.. written.OfType<Offer>().Select(o => o.Volunteer)], CommitmentState.Offered, TempRecord.Now);
            await tx.AppendAllAsync([.. offers.Select((o, i) => EventFor(incident, o, written[i]))]);
            return written;
        });

        return oneByOne.Written.SequenceEqual(multiRow.Written) && oneByOne.Rows.SequenceEqual(multiRow.Rows)
            && oneByOne.Written.Count(w => w is not null) == offers.Select(o => o.Volunteer).Distinct().Count(v => !seeded.Offers.Any(h => h.Volunteer == v));
    }

    private static NewAuditEvent EventFor(IncidentId incident, PlannedOffer offer, Offer? written) => written is null
        ? new NewAuditEvent(TempRecord.Now, "system", AuditKinds.OfferSkipped, incident, offer.Volunteer, null, "claimed", new { requirement = offer.Requirement.Value })
        : new NewAuditEvent(TempRecord.Now, "system", AuditKinds.OfferCreated, incident, offer.Volunteer, written.Id, "offered", new { score = offer.Score });

    /// <summary>Runs the writes, reads back every row they could have touched, and rolls everything back.</summary>
    private static async Task<(IReadOnlyList<Offer?> Written, IReadOnlyList<string> Rows)> RehearseAsync(
        RecordStore store, Func<RecordTransaction, Task<IReadOnlyList<Offer?>>> writes)
    {
        (IReadOnlyList<Offer?>, IReadOnlyList<string>) result = default;
        try
        {
            await store.WriteAsync<int>(async tx =>
            {
                var written = await writes(tx);
                var rows = new List<string>();
                foreach (string sql in new[] { "SELECT * FROM offers ORDER BY id", "SELECT * FROM volunteer_state ORDER BY volunteer_id", "SELECT * FROM audit_events ORDER BY id" })
                {
                    rows.AddRange((await tx.Connection.QueryAsync(sql, transaction: tx.Transaction))
                        .Select(r => string.Join("|", ((IDictionary<string, object?>)r).Select(kv => $"{kv.Key}={kv.Value}"))));
                }

                result = (written, rows);
                throw new RolledBack();
            });
        }
        catch (RolledBack)
        {
        }

        return result;
    }

    private sealed class RolledBack : Exception;
}
