using Dispatch.Host.Realtime;
using Dispatch.Host.Records;
using Dispatch.Host.Tests.Records;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dispatch.Host.Tests.Realtime;

/// <summary>Every listener sees every event once, in commit order, and a stuck listener never holds back another.</summary>
public sealed class ChangeFeedPusherTests
{
    private sealed class Recording(int expected) : IChangeFeedListener
    {
        private readonly List<AuditEvent> _seen = [];

        public TaskCompletionSource<IReadOnlyList<AuditEvent>> All { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int Calls { get; private set; }

        public Task OnEventsAsync(IReadOnlyList<AuditEvent> events, CancellationToken cancellationToken)
        {
            Calls++;
            _seen.AddRange(events);
            if (_seen.Count >= expected)
            {
                All.TrySetResult([.. _seen]);
            }

            return Task.CompletedTask;
        }
    }

    private sealed class Stuck(int expected) : IChangeFeedListener
    {
        private readonly List<long> _seen = [];

        public TaskCompletionSource Gate { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource<IReadOnlyList<long>> All { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int SeenBeforeRelease { get; private set; } = -1;

        public async Task OnEventsAsync(IReadOnlyList<AuditEvent> events, CancellationToken cancellationToken)
        {
            if (SeenBeforeRelease < 0)
            {
                SeenBeforeRelease = _seen.Count;
            }

            await Gate.Task.WaitAsync(cancellationToken);
            _seen.AddRange(events.Select(e => e.Id));
            if (_seen.Count >= expected)
            {
                All.TrySetResult([.. _seen]);
            }
        }
    }

    [Fact]
    public async Task Listeners_OneStuck_TheOtherStillGetsEveryEventInCommitOrder()
    {
        await using var record = await TempRecord.CreateAsync();
        var notifier = new ChangeNotifier();
        record.Store.Committed += (_, _) => notifier.Signal();
        var stuck = new Stuck(expected: 20);
        var recording = new Recording(expected: 20);
        using var pusher = new ChangeFeedPusher(record.Store, notifier, [stuck, recording], NullLogger<ChangeFeedPusher>.Instance);
        await pusher.StartAsync(CancellationToken.None);
        try
        {
            var ids = new List<long>();
            for (int i = 0; i < 20; i++)
            {
                ids.Add(await record.Store.WriteAsync(tx => tx.AppendAsync(new NewAuditEvent(TempRecord.Now, "test", "test", null, null, null, $"e{i}"))));
            }

            var seen = await recording.All.Task.WaitAsync(TimeSpan.FromSeconds(30));
            Assert.Equal(ids, seen.Select(e => e.Id));
            Assert.False(stuck.All.Task.IsCompleted);

            // Released, the stuck listener catches up with everything that queued for it, in order.
            stuck.Gate.SetResult();
            Assert.Equal(ids, await stuck.All.Task.WaitAsync(TimeSpan.FromSeconds(30)));
            Assert.Equal(0, stuck.SeenBeforeRelease);
        }
        finally
        {
            await pusher.StopAsync(CancellationToken.None);
        }
    }
}
