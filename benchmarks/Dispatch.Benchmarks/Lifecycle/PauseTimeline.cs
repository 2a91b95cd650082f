using System.Diagnostics.Tracing;
using System.Globalization;
using Microsoft.Diagnostics.NETCore.Client;
using Microsoft.Diagnostics.Tracing;
using Microsoft.Diagnostics.Tracing.Parsers;
using Microsoft.Diagnostics.Tracing.Parsers.Clr;

namespace Dispatch.Benchmarks.Lifecycle;

/// <summary>
/// One stop of a process's managed threads (a runtime suspension: a collection, or the runtime's own work), on the
/// driver's clock (<see cref="DateTime.UtcNow"/> ticks): why the runtime suspended, how long stopping the threads took,
/// and the collection that ran inside it, if one did.
/// </summary>
internal readonly record struct Pause(long StartTicks, long EndTicks, string Suspension, double? StoppingMs, Collection? Collection)
{
    public double Milliseconds => TimeSpan.FromTicks(EndTicks - StartTicks).TotalMilliseconds;

    /// <summary>How much of [from, to] this pause covers, in ticks.</summary>
    public long Overlap(long from, long to) => Math.Max(0, Math.Min(to, EndTicks) - Math.Max(from, StartTicks));

    /// <summary>The collection (generation, kind, reason, what it promoted) or else the suspension's reason.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Collection?.ToString() ?? Suspension}{(StoppingMs is { } ms ? $" [stopping threads {ms:F1} ms]" : "")}{Collection?.Heap ?? ""}");
}

/// <summary>A collection inside a pause, with the heap after it when the runtime reported it.</summary>
internal sealed record Collection(int Generation, int Type, int Reason)
{
    public const int Blocking = 0;
    public const int Induced = 1;

    public string? Heap { get; set; }

    public override string ToString() =>
        $"gen{Generation} {Type switch { 1 => "background", 2 => "foreground", _ => "blocking" }} ({GcReason(Reason)})";

    // The runtime's gc_reason values.
    private static string GcReason(int reason) => reason switch
    {
        0 => "small allocation",
        1 => "induced",
        2 => "low memory",
        3 => "empty",
        4 => "large allocation",
        5 => "out of small-object space",
        6 => "out of large-object space",
        7 => "induced, not forced",
        8 => "internal",
        9 => "induced, low memory",
        _ => $"reason {reason}",
    };
}

/// <summary>
/// The stops of one process while the load runs, so a slow offer can be told apart from a process that was not
/// running: a host stop delays what the host sends, a driver stop delays when the driver sees it arrive.
/// </summary>
internal abstract class PauseTimeline
{
    private const string RuntimeProvider = "Microsoft-Windows-DotNETRuntime";
    private const long GcKeyword = 0x1;
    private const long JitKeyword = 0x10;
    private readonly Lock _gate = new();
    private readonly List<Pause> _pauses = [];
    private readonly List<long> _starvation = [];
    private readonly List<(long Ticks, string Method)> _compiled = [];
    private readonly Dictionary<string, long> _allocated = new(StringComparer.Ordinal);
    private long _allocationsFrom = long.MaxValue;

    // The suspension in progress: when it began, why, how long stopping took, the collection inside it.
    private long _suspendedAt;
    private string _suspension = "";
    private double? _stoppingMs;
    private Collection? _collection;

    public abstract string Name { get; }

    public IReadOnlyList<Pause> Pauses
    {
        get
        {
            lock (_gate)
            {
                return [.. _pauses];
            }
        }
    }

    /// <summary>Thread-pool injections the pool made because its workers were all blocked (starvation).</summary>
    public IReadOnlyList<long> Starvation
    {
        get
        {
            lock (_gate)
            {
                return [.. _starvation];
            }
        }
    }

    /// <summary>Counts allocations from this time on (the incidents), not the start-up's.</summary>
    public void CountAllocationsFrom(long ticks) => Interlocked.Exchange(ref _allocationsFrom, ticks);

    /// <summary>The types that allocated most, by the sampled ticks.</summary>
    public string TopAllocations(int count)
    {
        lock (_gate)
        {
            long total = _allocated.Values.Sum();
            if (total == 0)
            {
                return $"{Name}: no allocation samples";
            }

            string top = string.Join(", ", _allocated.OrderByDescending(kv => kv.Value).Take(count)
                .Select(kv => string.Create(CultureInfo.InvariantCulture, $"{kv.Key} {100.0 * kv.Value / total:F1} %")));
            return string.Create(CultureInfo.InvariantCulture, $"{Name}: allocated {total / 1048576.0:F0} MB while incidents ran (sampled); most by {top}");
        }
    }

    protected void Suspended(DateTime at, string reason)
    {
        lock (_gate)
        {
            (_suspendedAt, _suspension, _stoppingMs, _collection) = (at.ToUniversalTime().Ticks, reason, null, null);
        }
    }

    /// <summary>Every thread has stopped: how long that took is part of the pause.</summary>
    protected void SuspendedAll(DateTime at)
    {
        lock (_gate)
        {
            if (_suspendedAt != 0)
            {
                _stoppingMs = TimeSpan.FromTicks(at.ToUniversalTime().Ticks - _suspendedAt).TotalMilliseconds;
            }
        }
    }

    /// <summary>A collection started inside the current suspension: it names the pause.</summary>
    protected void Collecting(int generation, int type, int reason)
    {
        lock (_gate)
        {
            _collection = new Collection(generation, type, reason);
        }
    }

    /// <summary>The heap after the collection inside the current suspension: what it promoted, what is old.</summary>
    protected void Promoted(long promotedBytes, long oldBytes)
    {
        lock (_gate)
        {
            _collection?.Heap = string.Create(CultureInfo.InvariantCulture, $", promoted {promotedBytes / 1048576.0:F1} MB, old {oldBytes / 1048576.0:F0} MB");
        }
    }

    protected void Restarted(DateTime at)
    {
        lock (_gate)
        {
            if (_suspendedAt != 0)
            {
                _pauses.Add(new Pause(_suspendedAt, at.ToUniversalTime().Ticks, _suspension, _stoppingMs, _collection));
                _suspendedAt = 0;
            }
        }
    }

    /// <summary>The just-in-time compiler started on a method (its first call, or a recompilation of a hot one).</summary>
    protected void Compiling(DateTime at, string method)
    {
        lock (_gate)
        {
            _compiled.Add((at.ToUniversalTime().Ticks, method));
        }
    }

    /// <summary>The methods the compiler started on between <paramref name="from"/> and <paramref name="to"/>.</summary>
    public IReadOnlyList<string> CompiledWithin(long from, long to)
    {
        lock (_gate)
        {
            return [.. _compiled.Where(c => c.Ticks >= from && c.Ticks <= to).Select(c => c.Method)];
        }
    }

    protected void Starved(DateTime at)
    {
        lock (_gate)
        {
            _starvation.Add(at.ToUniversalTime().Ticks);
        }
    }

    /// <summary>A sampled allocation (the runtime reports one per ~100 KB allocated, with the type that crossed the mark).</summary>
    protected void Allocated(DateTime at, string? type, long bytes)
    {
        if (at.ToUniversalTime().Ticks < Interlocked.Read(ref _allocationsFrom))
        {
            return;
        }

        lock (_gate)
        {
            string key = type ?? "?";
            _allocated[key] = (_allocated.TryGetValue(key, out long sum) ? sum : 0) + bytes;
        }
    }

    /// <summary>The driver's own stops, from the runtime's events inside this process.</summary>
    public static DriverTimeline ForDriver() => new();

    /// <summary>The host's stops, streamed from its runtime over the diagnostics port (EventPipe) while it runs.</summary>
    public static HostTimeline ForHost(int pid) => new(pid);

    /// <summary>One line: how many stops between <paramref name="from"/> and <paramref name="to"/>, their sum, the longest ones.</summary>
    public string Describe(long from, long to)
    {
        var inside = Pauses.Where(p => p.EndTicks > from && p.StartTicks < to).ToList();
        int starved = Starvation.Count(t => t >= from && t <= to);
        if (inside.Count == 0)
        {
            return $"{Name}: no runtime suspensions while incidents ran; thread-pool starvation injections {starved}";
        }

        var longest = inside.OrderByDescending(p => p.Milliseconds).Take(5)
            .Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Milliseconds:F1} ms {p} at +{TimeSpan.FromTicks(p.StartTicks - from).TotalSeconds:F1} s"));
        return string.Create(CultureInfo.InvariantCulture,
            $"{Name}: {inside.Count} runtime suspensions while incidents ran, {inside.Sum(p => p.Milliseconds):F0} ms in all, median {inside.Select(p => p.Milliseconds).Order().ElementAt(inside.Count / 2):F1} ms; longest {string.Join(", ", longest)}; thread-pool starvation injections {starved}");
    }

    /// <summary>How long a process was stopped within [from, to], in ticks.</summary>
    public static long StoppedWithin(IReadOnlyList<Pause> pauses, long from, long to) => pauses.Sum(p => p.Overlap(from, to));

    internal sealed class DriverTimeline : PauseTimeline, IDisposable
    {
        private readonly Listener _listener;

        public DriverTimeline() => _listener = new Listener(this);

        public override string Name => "driver";

        public void Dispose() => _listener.Dispose();

        // The runtime's events reach an in-process listener on its own thread, each with the time it was raised.
        private sealed class Listener : EventListener
        {
            private const int SuspendBegin = 9;
            private const int RestartEnd = 3;
            private const int GcStart = 1;
            private const int MethodJittingStarted = 145;
            private readonly DriverTimeline _timeline;
            private readonly List<EventSource> _early = [];

            public Listener(DriverTimeline timeline)
            {
                _timeline = timeline;
                // OnEventSourceCreated runs from the base constructor, after field initialisers but before this body
                // sets _timeline: the runtime's source is enabled here, late.
                foreach (var source in _early)
                {
                    EnableEvents(source, EventLevel.Verbose, (EventKeywords)(GcKeyword | JitKeyword));
                }
            }

            protected override void OnEventSourceCreated(EventSource eventSource)
            {
                if (eventSource.Name != RuntimeProvider)
                {
                    return;
                }

                if (_timeline is null)
                {
                    _early.Add(eventSource);
                    return;
                }

                EnableEvents(eventSource, EventLevel.Verbose, (EventKeywords)(GcKeyword | JitKeyword));
            }

            protected override void OnEventWritten(EventWrittenEventArgs e)
            {
                if (e.EventId == SuspendBegin)
                {
                    _timeline.Suspended(e.TimeStamp, e.Payload is [var reason, ..] ? SuspendReason(Convert.ToInt32(reason, CultureInfo.InvariantCulture)) : "");
                }
                else if (e.EventId == GcStart && e.Payload is [_, var depth, var reason, var type, ..])
                {
                    _timeline.Collecting(Convert.ToInt32(depth, CultureInfo.InvariantCulture), Convert.ToInt32(type, CultureInfo.InvariantCulture), Convert.ToInt32(reason, CultureInfo.InvariantCulture));
                }
                else if (e.EventId == RestartEnd)
                {
                    _timeline.Restarted(e.TimeStamp);
                }
                else if (e.EventId == MethodJittingStarted && e.Payload is [_, _, _, _, var ns, var name, ..])
                {
                    _timeline.Compiling(e.TimeStamp, $"{ns}.{name}");
                }
            }
        }
    }

    internal sealed class HostTimeline : PauseTimeline, IAsyncDisposable
    {
        private readonly int _pid;
        private readonly EventPipeSession _session;
        private readonly Task _reading;
        private int _disposed;

        public HostTimeline(int pid)
        {
            _pid = pid;
            var providers = new[]
            {
                // Verbose for the allocation ticks (one per ~100 KB allocated, with the type): where the collections come from.
                new EventPipeProvider(RuntimeProvider, EventLevel.Verbose, (long)(ClrTraceEventParser.Keywords.GC | ClrTraceEventParser.Keywords.Threading | ClrTraceEventParser.Keywords.Jit)),
            };
            _session = new DiagnosticsClient(pid).StartEventPipeSession(providers, requestRundown: false);
            var source = new EventPipeEventSource(_session.EventStream);
            source.Clr.GCSuspendEEStart += (GCSuspendEETraceData d) => Suspended(d.TimeStamp, SuspendReason((int)d.Reason));
            source.Clr.GCSuspendEEStop += d => SuspendedAll(d.TimeStamp);
            source.Clr.GCAllocationTick += d => Allocated(d.TimeStamp, d.TypeName, d.AllocationAmount64);
            source.Clr.GCStart += d => Collecting(d.Depth, (int)d.Type, (int)d.Reason);
            source.Clr.GCHeapStats += d => Promoted(d.TotalPromotedSize0 + d.TotalPromotedSize1, d.GenerationSize2 + d.GenerationSize3);
            source.Clr.GCRestartEEStop += d => Restarted(d.TimeStamp);
            source.Clr.MethodJittingStarted += d => Compiling(d.TimeStamp, $"{d.MethodNamespace}.{d.MethodName}");
            source.Clr.ThreadPoolWorkerThreadAdjustmentAdjustment += d =>
            {
                if (d.Reason == ThreadAdjustmentReason.Starvation)
                {
                    Starved(d.TimeStamp);
                }
            };
            _reading = Task.Factory.StartNew(() => source.Process(), TaskCreationOptions.LongRunning);
        }

        public override string Name => "host";

        /// <summary>
        /// Has the host run a full, blocking collection now (as <c>dotnet-gcdump</c> does: a session with the runtime's
        /// heap-collect keyword), and waits until it ends; returns that pause. The driver does the same to itself after
        /// connecting: the 5,000 connections' start-up garbage, and their state still to be promoted, belong to the
        /// connection storm, not to the incidents that follow it.
        /// </summary>
        public async Task<Pause?> CollectAsync(TimeSpan limit, CancellationToken cancellationToken)
        {
            long requested = DateTime.UtcNow.Ticks;
            var heapCollect = new[] { new EventPipeProvider(RuntimeProvider, EventLevel.Informational, (long)ClrTraceEventParser.Keywords.GCHeapCollect) };
            using var session = new DiagnosticsClient(_pid).StartEventPipeSession(heapCollect, requestRundown: false);
            // The session's stream must be read for the runtime to go on writing to it.
            var drain = session.EventStream.CopyToAsync(Stream.Null, cancellationToken);
            var deadline = DateTime.UtcNow + limit;
            Pause? induced = null;
            while (induced is null && DateTime.UtcNow < deadline)
            {
                await Task.Delay(50, cancellationToken);
                induced = Pauses.Where(p => p.StartTicks >= requested
                        && p.Collection is { Generation: 2, Type: Collection.Blocking, Reason: Collection.Induced })
                    .Select(p => (Pause?)p).FirstOrDefault();
            }

            await session.StopAsync(cancellationToken);
            await drain.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            return induced;
        }

        public async ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 1)
            {
                return;
            }

            try
            {
                await _session.StopAsync(CancellationToken.None);
            }
            catch (Exception e) when (e is ServerNotAvailableException or EndOfStreamException or IOException)
            {
                // The host is gone already: what was read is what there is.
            }

            await _reading.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            _session.Dispose();
        }
    }

    // The runtime's SUSPEND_REASON values.
    private static string SuspendReason(int reason) => reason switch
    {
        1 => "GC",
        6 => "GC prep",
        0 => "other",
        2 => "appdomain shutdown",
        3 => "code pitching",
        4 => "shutdown",
        5 => "debugger",
        7 => "debugger sweep",
        8 => "profiler",
        9 => "rejit",
        _ => $"reason {reason}",
    };
}
