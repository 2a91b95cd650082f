using System.Diagnostics.Metrics;

namespace Dispatch.Host.Observability;

/// <summary>
/// The instruments of <c>Meter("Dispatch")</c> the use cases record into. One instance per host (created from the
/// host's <see cref="IMeterFactory"/>, so test hosts do not mix their numbers). Thread-safe. Fed from the committed
/// change feed by <see cref="OfferOutcomeMetrics"/>, so a number moves only for what the record really holds.
/// </summary>
public sealed class DispatchMetrics
{
    public const string MeterName = "Dispatch";
    public const string DrillTag = "dispatch.drill";

    private readonly Histogram<double> _dispatchLatency;
    private readonly Counter<long> _offersSent;
    private readonly Counter<long> _offersAccepted;
    private readonly Counter<long> _offersDeclined;
    private readonly Counter<long> _offersExpired;
    private readonly Counter<long> _offersWithdrawn;

    public DispatchMetrics(IMeterFactory meterFactory)
        : this(Create(meterFactory))
    {
    }

    /// <summary>The instruments on <paramref name="meter"/> (the start-up warm-up's private meter, which nobody exports).</summary>
    internal DispatchMetrics(Meter meter)
    {
        ArgumentNullException.ThrowIfNull(meter);
        _dispatchLatency = meter.CreateHistogram<double>(
            "dispatch.latency", unit: "ms", description: "From an incident accepted by the API to its first offers pushed.");
        _offersSent = meter.CreateCounter<long>("dispatch.offers.sent", unit: "{offer}", description: "Offers sent to volunteers.");
        _offersAccepted = meter.CreateCounter<long>("dispatch.offers.accepted", unit: "{offer}", description: "Offers accepted.");
        _offersDeclined = meter.CreateCounter<long>("dispatch.offers.declined", unit: "{offer}", description: "Offers declined.");
        _offersExpired = meter.CreateCounter<long>("dispatch.offers.expired", unit: "{offer}", description: "Offers that expired unanswered.");
        _offersWithdrawn = meter.CreateCounter<long>("dispatch.offers.withdrawn", unit: "{offer}", description: "Offers withdrawn (filled, by the commander, incident ended).");
    }

    public void RecordDispatchLatency(TimeSpan elapsed, bool drill = false) =>
        _dispatchLatency.Record(elapsed.TotalMilliseconds, Drill(drill));

    public void OffersSent(int count = 1, bool drill = false) => _offersSent.Add(count, Drill(drill));

    public void OfferAccepted(bool drill = false) => _offersAccepted.Add(1, Drill(drill));

    public void OfferDeclined(bool drill = false) => _offersDeclined.Add(1, Drill(drill));

    public void OfferExpired(bool drill = false) => _offersExpired.Add(1, Drill(drill));

    public void OfferWithdrawn(bool drill = false) => _offersWithdrawn.Add(1, Drill(drill));

    private static Meter Create(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        return meterFactory.Create(MeterName);
    }

    private static KeyValuePair<string, object?> Drill(bool drill) => new(DrillTag, drill);
}
