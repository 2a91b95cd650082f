using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Dispatch.Engine.Dispatching;
using Dispatch.Engine.Pool;
using Dispatch.Host.Dispatching;
using Dispatch.Host.Observability;
using Dispatch.Host.Tests.Privacy;
using Dispatch.Host.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Dispatch.Host.Tests.Observability;

/// <summary>The offer-outcome counters and the dispatch latency move from the committed change feed.</summary>
[Collection(HostCollection.Name)]
public sealed class OfferOutcomeMetricsTests(DispatchAppFactory app)
{
    [Fact]
    public async Task CreateIncidentAndDecline_MoveSentDeclinedWithdrawnAndLatency_TaggedNotDrill()
    {
        using var recorded = new Recorder(app.Services.GetRequiredService<IMeterFactory>());
        var (incident, offers) = await app.OpenAsCommanderAsync(new Engine.Geo.GeoPoint(32.39, 119.42));
        try
        {
            await recorded.WaitAsync(() => recorded.Sum("dispatch.offers.sent", drill: false) >= offers.Count && recorded.Count("dispatch.latency") >= 1);

            var (offer, volunteer) = offers[0];
            var answer = await app.Services.GetRequiredService<DeclineOffer>()
                .ExecuteAsync(new OfferId(offer), new VolunteerId(volunteer), "volunteer:test", "metrics test");
            Assert.NotNull(answer);
            await recorded.WaitAsync(() => recorded.Sum("dispatch.offers.declined", drill: false) == 1);
        }
        finally
        {
            await app.CancelAsync(incident);
        }

        await recorded.WaitAsync(() => recorded.Sum("dispatch.offers.withdrawn", drill: false) >= 1);
        Assert.Equal(0, recorded.Sum("dispatch.offers.sent", drill: true));
        Assert.Equal(1, recorded.Sum("dispatch.offers.declined", drill: false));
    }

    /// <summary>Listens to the <see cref="DispatchMetrics.MeterName"/> meter of one host only (its meter factory is the scope).</summary>
    private sealed class Recorder : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly ConcurrentQueue<(string Name, double Value, bool Drill)> _measurements = new();

        public Recorder(IMeterFactory factory)
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == DispatchMetrics.MeterName && ReferenceEquals(instrument.Meter.Scope, factory))
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((i, v, tags, _) => Add(i, v, tags));
            _listener.SetMeasurementEventCallback<double>((i, v, tags, _) => Add(i, v, tags));
            _listener.Start();
        }

        public double Sum(string name, bool drill) => _measurements.Where(m => m.Name == name && m.Drill == drill).Sum(m => m.Value);

        public int Count(string name) => _measurements.Count(m => m.Name == name);

        public async Task WaitAsync(Func<bool> condition)
        {
            var until = DateTime.UtcNow.AddSeconds(15);
            while (!condition())
            {
                Assert.True(DateTime.UtcNow < until, "The metrics did not move within 15 s.");
                await Task.Delay(20);
            }
        }

        public void Dispose() => _listener.Dispose();

        private void Add(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            bool drill = false;
            foreach (var tag in tags)
            {
                if (tag.Key == DispatchMetrics.DrillTag && tag.Value is bool b)
                {
                    drill = b;
                }
            }

            _measurements.Enqueue((instrument.Name, value, drill));
        }
    }
}
