using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace Dispatch.Benchmarks.Lifecycle;

/// <summary>
/// One simulated volunteer: a websocket connection to <c>/hubs/volunteer</c>. On <c>OfferPending</c> it acks at once,
/// then after a short random delay accepts (60 %), declines (25 %) or stays silent (15 %, so the offer times out).
/// </summary>
internal sealed class VolunteerClient : IAsyncDisposable
{
    public const double AcceptShare = 0.60;
    public const double DeclineShare = 0.25;

    private readonly HubConnection _connection;
    private readonly LifecycleRecorder _recorder;
    private readonly Random _random;
    private readonly CancellationToken _stopping;
    private readonly int _minDelayMs;
    private readonly int _maxDelayMs;
    private static int s_busy;

    public VolunteerClient(Uri address, string token, int volunteerId, int seed, LifecycleRecorder recorder, (int Min, int Max) delayMs, CancellationToken stopping)
    {
        VolunteerId = volunteerId;
        _recorder = recorder;
        _random = new Random(seed);
        _stopping = stopping;
        (_minDelayMs, _maxDelayMs) = delayMs;
        _connection = new HubConnectionBuilder()
            .WithUrl(new Uri(address, "/hubs/volunteer"), o =>
            {
                // Straight to the websocket: no negotiate round trip per client.
                o.Transports = HttpTransportType.WebSockets;
                o.SkipNegotiation = true;
                o.AccessTokenProvider = () => Task.FromResult<string?>(token);
            })
            .Build();
        _connection.On<OfferMessage>("OfferPending", OnOffer);
        _connection.On<OfferClosedMessage>("OfferClosed", m => recorder.Closed(m, LifecycleRecorder.Now()));
        _connection.Closed += e =>
        {
            if (!recorder.Stopping)
            {
                recorder.Error("disconnect", $"volunteer {volunteerId}: {e?.GetType().Name} {e?.Message}");
            }

            return Task.CompletedTask;
        };
    }

    public int VolunteerId { get; }

    /// <summary>Answers still being decided or in flight, across all clients.</summary>
    public static int Busy => Volatile.Read(ref s_busy);

    public Task StartAsync(CancellationToken cancellationToken) => _connection.StartAsync(cancellationToken);

    public async ValueTask DisposeAsync() => await _connection.DisposeAsync().ConfigureAwait(false);

    private void OnOffer(OfferMessage offer)
    {
        if (!_recorder.Delivered(offer, VolunteerId, LifecycleRecorder.Now()))
        {
            return;
        }

        // Handlers run one at a time per connection: answer off the receive loop. Queued fairly (at the back of the
        // thread pool's global queue, not first in this thread's own), so in a burst of offers the receive loops of the
        // other connections, already queued, stamp their offers before this answer runs: the driver's own work does
        // not delay when it sees the host's offers.
        Interlocked.Increment(ref s_busy);
        _ = Task.Factory.StartNew(() => BehaveAsync(offer), CancellationToken.None, TaskCreationOptions.PreferFairness, TaskScheduler.Default).Unwrap();
    }

    private async Task BehaveAsync(OfferMessage offer)
    {
        try
        {
            await _connection.InvokeAsync<OfferAckMessage>("AckOffer", offer.OfferId, _stopping).ConfigureAwait(false);
            double roll;
            int delay;
            lock (_random)
            {
                roll = _random.NextDouble();
                delay = _random.Next(_minDelayMs, _maxDelayMs + 1);
            }

            if (roll >= AcceptShare + DeclineShare)
            {
                _recorder.Count("volunteer: silent");
                return;
            }

            await Task.Delay(delay, _stopping).ConfigureAwait(false);
            if (roll < AcceptShare)
            {
                var answer = await _connection.InvokeAsync<OfferAnswerMessage>("AcceptOffer", offer.OfferId, _stopping).ConfigureAwait(false);
                _recorder.Count($"accept -> {answer.Outcome}");
            }
            else
            {
                _recorder.DeclineSent(offer.OfferId, LifecycleRecorder.Now());
                var answer = await _connection.InvokeAsync<OfferAnswerMessage>("DeclineOffer", offer.OfferId, "lifecycle benchmark", _stopping).ConfigureAwait(false);
                _recorder.Count($"decline -> {answer.Outcome}");
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            // Stopping: an answer not given is not an error.
        }
        catch (Exception e)
        {
            _recorder.Error("hub invocation", $"volunteer {VolunteerId}, offer {offer.OfferId}: {e.GetType().Name} {e.Message}");
        }
        finally
        {
            Interlocked.Decrement(ref s_busy);
        }
    }
}
