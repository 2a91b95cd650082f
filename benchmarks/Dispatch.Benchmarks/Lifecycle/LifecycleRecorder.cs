using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Dispatch.Benchmarks.Common;

namespace Dispatch.Benchmarks.Lifecycle;

/// <summary>
/// Everything the driver observes, stamped with the wall clock (<see cref="DateTime.UtcNow"/>, 100 ns ticks) — the host
/// runs on the same machine, so its stored times (<c>sentAt</c>, <c>expiresAt</c>, board event times) are on the same
/// clock. Offers are correlated to what triggered them from the board feed: one transaction's audit events arrive
/// together and in commit order with one time per transaction, so an <c>offer.created</c> carrying the same time as the
/// preceding <c>incident.created</c>, <c>offer.declined</c> or <c>offer.expired</c> was created by it (joint matching
/// may offer for another open incident in the same transaction).
/// </summary>
internal sealed class LifecycleRecorder(TimeSpan offerTimeout)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<long, long> _incidentPostSent = [];
    private readonly Dictionary<long, CreatedOffer> _created = [];
    private readonly Dictionary<long, DeliveredOffer> _delivered = [];
    private readonly Dictionary<long, long> _declineSent = [];
    private readonly Dictionary<long, long> _expiryAnnounced = [];

    // Offer id → (closing event kind, its server time), from the board feed.
    private readonly Dictionary<long, (string Kind, long AtTicks)> _closedOnBoard = [];
    private readonly Dictionary<long, long> _expiryServerAt = [];
    private readonly HashSet<int> _online = [];
    private readonly Dictionary<string, int> _counters = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _errors = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _errorSamples = new();
    private readonly List<long> _boardLag = [];
    private readonly Dictionary<long, long> _boardReceived = [];
    private Trigger _context = new(TriggerKind.Other, 0, 0, 0);
    private long _lastActivity = Now();

    public enum TriggerKind
    {
        Create,
        Decline,
        Expiry,
        Other,
    }

    private readonly record struct Trigger(TriggerKind Kind, long Incident, long AtTicks, long Offer, string Event = "");

    private readonly record struct CreatedOffer(long Incident, int Volunteer, long AtTicks, Trigger Trigger);

    private readonly record struct DeliveredOffer(long ReceivedTicks, long ExpiresAtTicks, int Volunteer);

    public static long Now() => DateTime.UtcNow.Ticks;

    public volatile bool Stopping;

    public long LastActivityTicks => Interlocked.Read(ref _lastActivity);

    private void Touch() => Interlocked.Exchange(ref _lastActivity, Now());

    public void Online(int volunteerId)
    {
        lock (_gate)
        {
            _online.Add(volunteerId);
        }
    }

    public int OnlineCount
    {
        get
        {
            lock (_gate)
            {
                return _online.Count;
            }
        }
    }

    public void Count(string counter, int by = 1)
    {
        lock (_gate)
        {
            _counters[counter] = _counters.GetValueOrDefault(counter) + by;
        }
    }

    public void Error(string category, string detail)
    {
        lock (_gate)
        {
            _errors[category] = _errors.GetValueOrDefault(category) + 1;
        }

        if (_errorSamples.Count < 20)
        {
            _errorSamples.Enqueue($"{category}: {detail}");
        }
    }

    public int Errors
    {
        get
        {
            lock (_gate)
            {
                return _errors.Values.Sum();
            }
        }
    }

    public void IncidentCreated(long incidentId, long postSentTicks)
    {
        lock (_gate)
        {
            _incidentPostSent[incidentId] = postSentTicks;
        }
    }

    public void DeclineSent(long offerId, long ticks)
    {
        lock (_gate)
        {
            _declineSent.TryAdd(offerId, ticks);
        }
    }

    /// <summary>A volunteer client received <c>OfferPending</c>; false for a repeat (on connect and from the feed).</summary>
    public bool Delivered(OfferMessage offer, int volunteerId, long receivedTicks)
    {
        Touch();
        lock (_gate)
        {
            return _delivered.TryAdd(offer.OfferId, new DeliveredOffer(receivedTicks, offer.ExpiresAt.UtcTicks, volunteerId));
        }
    }

    /// <summary>A volunteer client received <c>OfferClosed</c>.</summary>
    public void Closed(OfferClosedMessage closed, long receivedTicks)
    {
        Touch();
        Count($"offer closed: {closed.State}");
        if (closed.State == "expired")
        {
            lock (_gate)
            {
                _expiryAnnounced.TryAdd(closed.OfferId, receivedTicks);
            }
        }
    }

    /// <summary>The board's events, one at a time in commit order (the hub client calls handlers sequentially).</summary>
    public void Board(BoardEventMessage e, long receivedTicks)
    {
        Touch();
        long at = e.At.UtcTicks;
        long incident = e.IncidentId ?? 0;
        lock (_gate)
        {
            switch (e.Kind)
            {
                case "incident.created":
                    _context = new Trigger(TriggerKind.Create, incident, at, 0);
                    break;
                case "offer.declined":
                    _context = new Trigger(TriggerKind.Decline, incident, at, e.OfferId ?? 0);
                    _closedOnBoard.TryAdd(e.OfferId ?? 0, (e.Kind, at));
                    break;
                case "offer.expired":
                    _context = new Trigger(TriggerKind.Expiry, incident, at, e.OfferId ?? 0);
                    if (e.OfferId is { } expired)
                    {
                        _closedOnBoard.TryAdd(expired, (e.Kind, at));
                        _expiryAnnounced.TryAdd(expired, receivedTicks);
                        _expiryServerAt.TryAdd(expired, at);
                    }

                    break;
                case "offer.accepted" or "offer.acked" or "offer.withdrawn":
                    if (e.Kind != "offer.acked" && e.OfferId is { } ended)
                    {
                        _closedOnBoard.TryAdd(ended, (e.Kind, at));
                    }

                    // Starts a transaction that creates no offers (withdrawals happen inside an accept).
                    if (e.Kind != "offer.withdrawn")
                    {
                        _context = new Trigger(TriggerKind.Other, incident, at, e.OfferId ?? 0, e.Kind);
                    }

                    break;
                case "offer.created" when e.OfferId is { } id:
                    _boardLag.Add(receivedTicks - at);
                    _boardReceived.TryAdd(id, receivedTicks);
                    // Same transaction = same time (one `now` per transaction); joint matching may offer for another incident.
                    var trigger = _context.AtTicks == at ? _context : new Trigger(TriggerKind.Other, incident, at, 0, "no matching transaction");
                    _created.TryAdd(id, new CreatedOffer(incident, e.VolunteerId ?? -1, at, trigger));
                    if (trigger.Kind == TriggerKind.Other)
                    {
                        _counters[$"offer created after: {trigger.Event}"] = _counters.GetValueOrDefault($"offer created after: {trigger.Event}") + 1;
                    }
                    break;
            }

            _counters[$"board: {e.Kind}"] = _counters.GetValueOrDefault($"board: {e.Kind}") + 1;
        }
    }

    /// <summary>Correlates everything and prints the tables; returns the figures of the SUMMARY line.</summary>
    public Result Analyse(long endTicks, Action<string> print, PauseTimeline host, PauseTimeline driver)
    {
        var hostPauses = host.Pauses;
        var driverPauses = driver.Pauses;
        lock (_gate)
        {
            var offer = new Latency("offer (any trigger)");
            var offerCreate = new Latency("  after create request");
            var offerDecline = new Latency("  after decline (= next)");
            var offerExpiry = new Latency("  after expiry (expiresAt)");
            var nextOffer = new Latency("next offer after decline");
            var timeoutErr = new Latency("timeout error (client)");
            var serverTimerErr = new Latency("timer error (server at)");
            var createToTxn = new Latency("  create: request → txn time");
            var txnToClient = new Latency("  create: txn time → client");
            var txnToBoard = new Latency("offer.created: txn → board");
            int neverDelivered = 0, offline = 0, untriggered = 0, inFlightAtEnd = 0, closedFirst = 0;
            var closedFirstAfter = new List<double>();
            var all = new List<(long Latency, long Incident, TriggerKind Trigger, long Offer)>();
            long grace = TimeSpan.FromSeconds(3).Ticks;
            foreach (var (id, c) in _created)
            {
                if (!_delivered.TryGetValue(id, out var d))
                {
                    if (!_online.Contains(c.Volunteer))
                    {
                        offline++;
                    }
                    else if (_closedOnBoard.TryGetValue(id, out var close))
                    {
                        // The offer closed (the seat filled, the commander withdrew it, it expired) before the announcer
                        // read it: a closed offer is never announced as pending, only its closing is. Not lost.
                        closedFirst++;
                        closedFirstAfter.Add(TimeSpan.FromTicks(close.AtTicks - c.AtTicks).TotalMilliseconds);
                    }
                    else if (c.AtTicks < endTicks - grace)
                    {
                        neverDelivered++;
                        if (_errorSamples.Count < 20)
                        {
                            _errorSamples.Enqueue($"never delivered: offer {id} to volunteer {c.Volunteer} (incident {c.Incident})");
                        }
                    }
                    else
                    {
                        inFlightAtEnd++;
                    }

                    continue;
                }

                long? origin = c.Trigger.Kind switch
                {
                    TriggerKind.Create => _incidentPostSent.TryGetValue(c.Trigger.Incident, out long sent) ? sent : null,
                    TriggerKind.Decline => _declineSent.TryGetValue(c.Trigger.Offer, out long declined) ? declined : null,
                    TriggerKind.Expiry => ExpiresAt(c.Trigger.Offer),
                    _ => null,
                };
                if (origin is not { } o)
                {
                    untriggered++;
                    continue;
                }

                long latency = d.ReceivedTicks - o;
                Record(offer, latency);
                all.Add((latency, c.Incident, c.Trigger.Kind, id));
                Record(c.Trigger.Kind switch { TriggerKind.Create => offerCreate, TriggerKind.Decline => offerDecline, _ => offerExpiry }, latency);
                if (c.Trigger.Kind == TriggerKind.Create)
                {
                    Record(createToTxn, c.AtTicks - o);
                    Record(txnToClient, d.ReceivedTicks - c.AtTicks);
                }

                if (c.Trigger.Kind == TriggerKind.Decline)
                {
                    Record(nextOffer, latency);
                }
            }

            foreach (var (id, announced) in _expiryAnnounced)
            {
                if (ExpiresAt(id) is { } due)
                {
                    Record(timeoutErr, Math.Abs(announced - due));
                    if (_expiryServerAt.TryGetValue(id, out long serverAt))
                    {
                        Record(serverTimerErr, Math.Abs(serverAt - due));
                    }
                }
            }

            foreach (long lag in _boardLag)
            {
                Record(txnToBoard, lag);
            }

            if (neverDelivered > 0)
            {
                _errors["offer never delivered"] = neverDelivered;
            }

            print("");
            print("latency (ms)                       n      mean       p50       p99       max");
            foreach (var l in new[] { offer, offerCreate, createToTxn, txnToClient, offerDecline, offerExpiry, nextOffer, timeoutErr, serverTimerErr, txnToBoard })
            {
                print(Row(l));
            }

            print("");
            print($"offers created {_created.Count}, delivered to a client {_delivered.Count}, to volunteers without a client {offline}, " +
                  $"in flight at the end {inFlightAtEnd}, created by other actions (escalation, sweeper) {untriggered}");
            if (closedFirst > 0)
            {
                closedFirstAfter.Sort();
                print($"offers closed before they were announced (not pushed as pending; not errors): {closedFirst}, " +
                      $"closed {closedFirstAfter[closedFirstAfter.Count / 2]:F0} ms (median), {closedFirstAfter[^1]:F0} ms (max) after creation");
            }

            if (all.Count > 0)
            {
                // Where the slowest 1 % came from: a few large incidents (every offer of one transaction waits for the
                // whole transaction) or spread out (stalls of the machine).
                var sameTransaction = _created.Values.GroupBy(c => (c.Incident, c.AtTicks))
                    .GroupBy(g => g.Key.Incident).ToDictionary(g => g.Key, g => g.Max(t => t.Count()));
                var tail = all.OrderByDescending(x => x.Latency).Take(Math.Max(1, all.Count / 100)).ToList();
                print($"slowest 1 % ({tail.Count} offers, from {TimeSpan.FromTicks(tail[^1].Latency).TotalMilliseconds:F1} ms): " + string.Join(", ",
                    tail.GroupBy(x => (x.Incident, x.Trigger)).OrderByDescending(g => g.Count()).Take(6)
                        .Select(g => $"incident {g.Key.Incident} ({g.Key.Trigger}, {sameTransaction.GetValueOrDefault(g.Key.Incident)} offers in its largest transaction): {g.Count()}" +
                            $" [transaction → board {MedianMs(g.Select(x => _boardReceived.GetValueOrDefault(x.Offer) - _created[x.Offer].AtTicks))} ms," +
                            $" → client {MedianMs(g.Select(x => _delivered[x.Offer].ReceivedTicks - _created[x.Offer].AtTicks))} ms;" +
                            $" host stopped {MedianMs(g.Select(x => PauseTimeline.StoppedWithin(hostPauses, _created[x.Offer].AtTicks, _delivered[x.Offer].ReceivedTicks)))} ms," +
                            $" driver stopped {MedianMs(g.Select(x => PauseTimeline.StoppedWithin(driverPauses, _created[x.Offer].AtTicks, _delivered[x.Offer].ReceivedTicks)))} ms (medians);" +
                            $" {Spread(_created[g.First().Offer])}; {Compiled(_created[g.First().Offer], host, driver)}]")));
            }

            print($"incidents created {_incidentPostSent.Count}; declines sent {_declineSent.Count}; expiries announced {_expiryAnnounced.Count}");
            foreach (var (name, n) in _counters.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            {
                print($"  {name,-40} {n,8}");
            }

            print($"errors: {_errors.Values.Sum()}" + (_errors.Count == 0 ? "" : " (" + string.Join(", ", _errors.Select(kv => $"{kv.Key} {kv.Value}")) + ")"));
            foreach (string sample in _errorSamples.Take(10))
            {
                print($"  {sample}");
            }

            return new Result(
                Millis(offer.PercentileMicros(50)), Millis(offer.PercentileMicros(99)), Millis(nextOffer.PercentileMicros(99)),
                Millis(timeoutErr.PercentileMicros(99)), _errors.Values.Sum(), offer.Count);
        }
    }

    public sealed record Result(double OfferP50, double OfferP99, double NextOfferP99, double TimeoutErrP99, int Errors, long Offers);

    /// <summary>The stored expiry: from the delivered message, else sent time + the book's (uniform) offer timeout.</summary>
    private long? ExpiresAt(long offerId) =>
        _delivered.TryGetValue(offerId, out var d) ? d.ExpiresAtTicks
        : _created.TryGetValue(offerId, out var c) ? c.AtTicks + offerTimeout.Ticks
        : null;

    private static void Record(Latency latency, long ticks100Ns)
    {
        long clamped = Math.Clamp(ticks100Ns, 1, TimeSpan.FromMinutes(9).Ticks);
        latency.RecordTicks(clamped * Stopwatch.Frequency / TimeSpan.TicksPerSecond);
    }

    /// <summary>
    /// When the offers of <paramref name="created"/>'s transaction reached their clients: the first and the last, after the
    /// transaction. The spread is the time it took to deliver them one after another (the host's sends and the driver's
    /// receives); the first is what came before (the transaction, the change feed, the announcer's read).
    /// </summary>
    private string Spread(CreatedOffer created)
    {
        var received = _created.Where(kv => kv.Value.Incident == created.Incident && kv.Value.AtTicks == created.AtTicks && _delivered.ContainsKey(kv.Key))
            .Select(kv => _delivered[kv.Key].ReceivedTicks - created.AtTicks).Order().ToList();
        return received.Count == 0 ? "none delivered" : string.Create(CultureInfo.InvariantCulture,
            $"its transaction's {received.Count} offers reached clients from {TimeSpan.FromTicks(received[0]).TotalMilliseconds:F1} to {TimeSpan.FromTicks(received[^1]).TotalMilliseconds:F1} ms");
    }

    /// <summary>
    /// What each process's just-in-time compiler started on between the transaction and the last of its offers to
    /// arrive: code running for the first time (or recompiled) on the offers' way.
    /// </summary>
    private string Compiled(CreatedOffer created, PauseTimeline host, PauseTimeline driver)
    {
        long last = _created.Where(kv => kv.Value.Incident == created.Incident && kv.Value.AtTicks == created.AtTicks && _delivered.ContainsKey(kv.Key))
            .Select(kv => _delivered[kv.Key].ReceivedTicks).DefaultIfEmpty(created.AtTicks).Max();
        return string.Join(", ", new[] { host, driver }.Select(t =>
        {
            var methods = t.CompiledWithin(created.AtTicks, last);
            return $"{t.Name} compiled {methods.Count} methods" + (methods.Count == 0 ? "" : " (" + string.Join(", ", methods.Take(4)) + (methods.Count > 4 ? ", …" : "") + ")");
        }));
    }

    private static double Millis(double micros) => micros / 1000.0;

    private static string MedianMs(IEnumerable<long> ticks)
    {
        var sorted = ticks.Order().ToList();
        return sorted.Count == 0 ? "-" : TimeSpan.FromTicks(sorted[sorted.Count / 2]).TotalMilliseconds.ToString("F1", CultureInfo.InvariantCulture);
    }

    private static string Row(Latency l) => l.Count == 0
        ? $"{l.Name,-28} {0,7}         -         -         -         -"
        : string.Create(CultureInfo.InvariantCulture,
            $"{l.Name,-28} {l.Count,7} {Millis(l.MeanMicros),9:F1} {Millis(l.PercentileMicros(50)),9:F1} {Millis(l.PercentileMicros(99)),9:F1} {Millis(l.MaxMicros),9:F1}");
}
