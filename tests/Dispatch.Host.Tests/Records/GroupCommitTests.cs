using Dapper;
using Dispatch.Engine.Dispatching;
using Dispatch.Host.Records;

namespace Dispatch.Host.Tests.Records;

/// <summary>
/// Writes that queue up behind a running one are committed together, each in its own savepoint: one failing write
/// rolls back alone, every caller returns only after the commit that holds its work, and a write cancelled while it
/// waits never runs. The first write is held open on a gate, so what queues behind it is known without timing.
/// </summary>
public sealed class GroupCommitTests
{
    [Fact]
    public async Task WriteAsync_QueuedBehindARunningWrite_CommitTogetherAndAFailingOneRollsBackAlone()
    {
        await using var record = await TempRecord.CreateAsync();
        int commits = 0;
        record.Store.Committed += (_, _) => Interlocked.Increment(ref commits);
        var (started, gate) = (new TaskCompletionSource(), new TaskCompletionSource());

        var first = record.Store.WriteAsync(async tx =>
        {
            started.SetResult();
            await gate.Task;
            return await AppendAsync(tx, "first");
        });
        await started.Task;
        var second = record.Store.WriteAsync(tx => AppendAsync(tx, "second"));
        var failing = record.Store.WriteAsync<long>(async tx =>
        {
            await AppendAsync(tx, "failing");
            throw new InvalidOperationException("boom");
        });
        var third = record.Store.WriteAsync(async tx =>
        {
            // Runs after "second" in the same transaction: it sees that write and not the failed one.
            long seen = await tx.Connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM audit_events", transaction: tx.Transaction);
            Assert.Equal(2, seen);
            return await AppendAsync(tx, "third");
        });
        Assert.False(second.IsCompleted || failing.IsCompleted || third.IsCompleted);

        gate.SetResult();
        long[] ids = await Task.WhenAll(first, second, third);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => failing);

        Assert.Equal("boom", error.Message);
        Assert.Equal(2, Volatile.Read(ref commits));
        var events = await record.Store.ReadEventsAfterAsync(0);
        Assert.Equal(["first", "second", "third"], events.Select(e => e.Reason));
        Assert.Equal(ids, events.Select(e => e.Id));
    }

    [Fact]
    public async Task WriteAsync_CancelledWhileQueued_NeverRunsAndTheOthersCommit()
    {
        await using var record = await TempRecord.CreateAsync();
        var (started, gate) = (new TaskCompletionSource(), new TaskCompletionSource());
        var first = record.Store.WriteAsync(async tx =>
        {
            started.SetResult();
            await gate.Task;
            return await AppendAsync(tx, "first");
        });
        await started.Task;
        using var cancel = new CancellationTokenSource();
        bool ran = false;
        var cancelled = record.Store.WriteAsync(tx =>
        {
            ran = true;
            return AppendAsync(tx, "cancelled");
        }, cancel.Token);
        var after = record.Store.WriteAsync(tx => AppendAsync(tx, "after"));

        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        gate.SetResult();
        await Task.WhenAll(first, after);

        Assert.False(ran);
        Assert.Equal(["first", "after"], (await record.Store.ReadEventsAfterAsync(0)).Select(e => e.Reason));
    }

    [Fact]
    public async Task WriteAsync_ManyConcurrentWriters_EveryAcknowledgedWriteIsRecordedOnce()
    {
        await using var record = await TempRecord.CreateAsync();

        var writes = Enumerable.Range(0, 300).Select(i => Task.Run(() => record.Store.WriteAsync(tx => AppendAsync(tx, $"w{i}")))).ToArray();
        long[] ids = await Task.WhenAll(writes);

        var events = await record.Store.ReadEventsAfterAsync(0, 1000);
        Assert.Equal(300, events.Count);
        Assert.Equal(ids.Order(), events.Select(e => e.Id));
        Assert.Equal(Enumerable.Range(0, 300).Select(i => $"w{i}").Order(StringComparer.Ordinal), events.Select(e => e.Reason).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task WriteAsync_AfterAGroupWithAFailure_UniqueGuaranteesStillHold()
    {
        await using var record = await TempRecord.CreateAsync();
        var seeded = await record.Store.WriteAsync(tx => TempRecord.SeedAsync(tx, 1, 0, 1));
        var (started, gate) = (new TaskCompletionSource(), new TaskCompletionSource());
        var hold = record.Store.WriteAsync(async tx =>
        {
            started.SetResult();
            await gate.Task;
            return 0;
        });
        await started.Task;

        // Two writes in one group both claim volunteer 2 for the same requirement: the first wins, the second is refused.
        var a = record.Store.WriteAsync(tx => tx.TryInsertOfferAsync(seeded.Incident, TempRecord.Offer(seeded.Requirement.Id, 2)));
        var b = record.Store.WriteAsync(tx => tx.TryInsertOfferAsync(seeded.Incident, TempRecord.Offer(seeded.Requirement.Id, 2)));
        gate.SetResult();
        await hold;

        Assert.NotNull(await a);
        Assert.Null(await b);
        Assert.Equal(2, await record.Store.ReadAsync(r => r.Connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM offers", transaction: r.Transaction)));
    }

    private static Task<long> AppendAsync(RecordTransaction tx, string reason) =>
        tx.AppendAsync(new NewAuditEvent(TempRecord.Now, "test", "test", new IncidentId(1), null, null, reason));
}
