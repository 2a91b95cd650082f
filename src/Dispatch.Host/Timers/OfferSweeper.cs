using Dispatch.Engine.Dispatching;
using Dispatch.Host.Dispatching;
using Dispatch.Host.Records;

namespace Dispatch.Host.Timers;

/// <summary>
/// The Hangfire recurring job (every minute) behind the precise timers: expires every pending offer past its stored
/// expiry through the same <see cref="ExpireOffer"/> use case. Catches what a crash, a failed firing or another host's
/// timer missed; harmless when there is nothing to do. Then one matching round over every open requirement
/// (<see cref="Rematch.EverywhereAsync"/>): the rounds that changes start are local, and availability that no change
/// announces — a rest period ending, a volunteer moving into an area — is found here.
/// </summary>
public sealed partial class OfferSweeper(RecordStore store, ExpireOffer expire, Rematch rematch, TimeProvider time, ILogger<OfferSweeper> logger)
{
    public const string JobId = "offer-sweeper";
    private const int Batch = 200;

    /// <summary>Expires the offers due now; returns how many it expired.</summary>
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var seen = new HashSet<OfferId>();
        int expired = 0;
        while (true)
        {
            var now = time.GetUtcNow();
            var due = await store.ReadAsync(r => r.GetOffersDueAsync(now, Batch), cancellationToken).ConfigureAwait(false);
            var fresh = due.Where(o => seen.Add(o.Id)).ToList();
            if (fresh.Count == 0)
            {
                break;
            }

            foreach (var offer in fresh)
            {
                var answer = await expire.ExecuteAsync(offer.Id, cancellationToken).ConfigureAwait(false);
                if (answer.Decision is { Changed: true, NewState: OfferState.Expired })
                {
                    expired++;
                }
            }
        }

        if (expired > 0)
        {
            LogSwept(logger, expired);
        }

        var round = await rematch.EverywhereAsync(drills: false, cancellationToken).ConfigureAwait(false);
        if (round.OffersSent.Count > 0)
        {
            LogRematched(logger, round.OffersSent.Count);
        }

        return expired;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "The sweeper expired {Count} offers a timer had missed")]
    private static partial void LogSwept(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "The sweeper's round sent {Count} offers")]
    private static partial void LogRematched(ILogger logger, int count);
}
