using Dispatch.Host.Health;
using Dispatch.Host.Records;
using Dispatch.Host.Startup;

namespace Dispatch.Host.Realtime;

/// <summary>
/// Brings the record's schema up to date before anything reads it (registered before the change feed and the offer
/// timers, and hosted services start in registration order), replays the record's dispatch state into the live pool —
/// after a restart the pool snapshot shows everyone free, the record knows who holds an offer, an assignment or a rest
/// period — and reports readiness: migrated and answering queries.
/// </summary>
internal sealed class RecordStartup(RecordStore store, TimeProvider time, LivePool live, ILogger<RecordStartup> logger) : IHostedService, IReadinessProbe
{
    private volatile bool _migrated;

    public string Name => "record-store";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await store.MigrateAsync(time, cancellationToken).ConfigureAwait(false);
        await ReplayIntoLivePoolAsync(cancellationToken).ConfigureAwait(false);
        _migrated = true;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task ReplayIntoLivePoolAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var states = await store.ReadAsync(r => r.GetDispatchStatesAsync(now), cancellationToken).ConfigureAwait(false);
        using var lease = await live.EnterWriteAsync(cancellationToken).ConfigureAwait(false);
        int applied = 0;
        foreach (var s in states)
        {
            if ((uint)s.Volunteer.Value >= (uint)live.Pool.Count)
            {
                logger.LogWarning("The record names volunteer {Volunteer}, who is not in the pool of {Count}; skipped.", s.Volunteer, live.Pool.Count);
                continue;
            }

            if (s.LastReleasedAt is { } released)
            {
                live.Pool.RecordRelease(s.Volunteer, released, s.ServedLast7Days.TotalHours, s.RestingUntil ?? released);
            }

            if (s.Duty is { } duty)
            {
                live.Pool.SetDuty(s.Volunteer, duty);
            }

            if (s.Position is { } p && Engine.Geo.GeoPoint.IsValid(p.Latitude, p.Longitude))
            {
                live.Pool.MoveTo(s.Volunteer, new Engine.Geo.GeoPoint(p.Latitude, p.Longitude), p.At);
            }

            live.Pool.SetCommitment(s.Volunteer, s.Commitment, s.RestingUntil);
            applied++;
        }

        logger.LogInformation("Replayed the dispatch state of {Count} volunteers from the record into the live pool.", applied);
    }

    public async Task<ReadinessResult> CheckAsync(CancellationToken cancellationToken)
    {
        if (!_migrated)
        {
            return ReadinessResult.Down("the record is not migrated yet");
        }

        await store.GetFeedTailAsync(cancellationToken).ConfigureAwait(false);
        return ReadinessResult.Up;
    }
}
