using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Runtime;
using System.Runtime.InteropServices;
using Dispatch.Engine.Geo;
using Dispatch.Engine.Pool;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace Dispatch.Benchmarks.Lifecycle;

internal sealed record LifecycleOptions(
    int VolunteersOnline, int Incidents, int Pool, ulong Seed, int TimeoutSeconds, string? HostDll, double Rate, int Parallelism,
    int DemoPasswordIterations, IReadOnlyList<string> HostEnvironment);

/// <summary>
/// <c>lifecycle</c>: the whole offer loop over real SignalR against the real host in a child process — N volunteer clients
/// that ack, accept, decline or ignore offers, a commander creating M incidents across the 13 Jiangsu cities — and the
/// latencies a volunteer and a commander feel: create → offer received, decline → next offer received, and how far an
/// expiry's announcement lands from the stored <c>expiresAt</c>.
/// </summary>
internal static class LifecycleCommand
{
    public const string Password = "lifecycle-demo";

    private static readonly string[] Types = ["flood", "fire", "building_collapse", "chemical_leak", "road_accident", "missing_person", "typhoon"];

    // Mostly small incidents, as in the field; a few large ones.
    private static readonly (string Severity, double Share)[] Severities = [("minor", 0.45), ("moderate", 0.35), ("major", 0.15), ("critical", 0.05)];

    public static Command Create()
    {
        var online = new Option<int>("--volunteers-online") { DefaultValueFactory = _ => 5_000, Description = "Volunteer clients to connect (demo volunteer accounts)." };
        var incidents = new Option<int>("--incidents") { DefaultValueFactory = _ => 200, Description = "Incidents the commander creates." };
        var pool = new Option<int>("--pool") { DefaultValueFactory = _ => 0, Description = "Demo pool size; 0 = the smallest pool with that many on-duty, free, skilled volunteers." };
        var seed = new Option<ulong>("--seed") { DefaultValueFactory = _ => 1, Description = "Pool, incident and behaviour seed." };
        var timeout = new Option<int>("--timeout-s") { DefaultValueFactory = _ => 10, Description = "Every pre-plan's offer timeout, seconds." };
        var hostDll = new Option<string?>("--host-dll") { Description = "Path of Dispatch.Host.dll (default: the one built with the benchmarks)." };
        var rate = new Option<double>("--rate") { DefaultValueFactory = _ => 2.0, Description = "Incidents created per second." };
        var parallelism = new Option<int>("--connect-parallelism") { DefaultValueFactory = _ => 32, Description = "Token requests and hub connects in flight." };
        var hostEnv = new Option<string[]>("--host-env") { Description = "NAME=VALUE set in the host's environment (repeatable), e.g. DOTNET_GCgen0size=0x4000000 to try a runtime setting.", AllowMultipleArgumentsPerToken = false };
        var iterations = new Option<int>("--demo-password-iterations") { DefaultValueFactory = _ => 1_000, Description = "PBKDF2 iterations of the demo accounts' hashes (Dispatch:DemoPasswordIterations)." };
        var command = new Command("lifecycle", "Offer lifecycle over SignalR against the real host: offer, next-offer and timer latencies.")
        {
            online, incidents, pool, seed, timeout, hostDll, rate, parallelism, iterations, hostEnv,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var o = new LifecycleOptions(
                parseResult.GetValue(online), parseResult.GetValue(incidents), parseResult.GetValue(pool), parseResult.GetValue(seed),
                parseResult.GetValue(timeout), parseResult.GetValue(hostDll), parseResult.GetValue(rate), parseResult.GetValue(parallelism),
                parseResult.GetValue(iterations), parseResult.GetValue(hostEnv) ?? []);
            if (o.VolunteersOnline is < 1 or > 50_000 || o.Incidents is < 1 or > 10_000 || o.Pool < 0 || o.TimeoutSeconds is < 2 or > 600
                || o.Rate is <= 0 or > 100 || o.Parallelism is < 1 or > 256 || o.DemoPasswordIterations < 1
                || o.HostEnvironment.Any(e => e.IndexOf('=', StringComparison.Ordinal) < 1))
            {
                await Console.Error.WriteLineAsync("Out of range: --volunteers-online 1..50000, --incidents 1..10000, --timeout-s 2..600, --rate (0,100], --connect-parallelism 1..256, --host-env NAME=VALUE.");
                return 2;
            }

            if (!System.Runtime.GCSettings.IsServerGC && Environment.GetEnvironmentVariable(ChildMarker) is null)
            {
                return await RunWithServerCollectorAsync(cancellationToken);
            }

            return await RunAsync(o, cancellationToken);
        });
        return command;
    }

    private const string ChildMarker = "DISPATCH_LIFECYCLE_DRIVER";

    public const string InlineCompletions = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";

    /// <summary>
    /// Runs this same command again in a child process with the server, concurrent collector (and inline socket
    /// completions, below). The benchmarks project
    /// keeps the workstation, non-concurrent collector for its in-process kernel comparisons, but the load driver holds
    /// 5,000 websocket clients and with that collector stalls itself for seconds in all, which it would then report as
    /// the host's latency. The child's output is this command's output.
    /// </summary>
    private static async Task<int> RunWithServerCollectorAsync(CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath ?? "dotnet") { UseShellExecute = false };
        foreach (string arg in Environment.GetCommandLineArgs().Skip(Environment.ProcessPath?.EndsWith("dotnet", StringComparison.Ordinal) == true ? 0 : 1))
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["DOTNET_gcServer"] = "1";
        start.Environment["DOTNET_gcConcurrent"] = "1";
        // The driver's socket completions run on the thread that polls the sockets instead of queueing to the thread
        // pool: its handlers only stamp and record, and a message is stamped when it arrives, not when a pool thread
        // gets to it. The host keeps the default (its handlers do real work).
        start.Environment[InlineCompletions] = "1";
        // A large first generation (256 MB per heap): the driver's allocations while incidents run then fit in it, and
        // its own collections, which stop every client's receive loop, fall before and after the measurement.
        start.Environment["DOTNET_GCgen0size"] = "0x10000000";
        start.Environment[ChildMarker] = "1";
        using var child = Process.Start(start) ?? throw new InvalidOperationException("The driver process did not start.");
        try
        {
            await child.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            child.Kill(entireProcessTree: true);
            throw;
        }

        return child.ExitCode;
    }

    private static async Task<int> RunAsync(LifecycleOptions o, CancellationToken cancellationToken)
    {
        string? hostDll = HostUnderTest.LocateHostDll(o.HostDll);
        if (hostDll is null)
        {
            await Console.Error.WriteLineAsync("Dispatch.Host.dll not found: build src/Dispatch.Host or pass --host-dll.");
            return 2;
        }

        ThreadPool.GetMinThreads(out int workers, out int io);
        ThreadPool.SetMinThreads(Math.Max(workers, 64), Math.Max(io, 64));
        Print($"machine: {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}, load average {LoadAverage()}");
        var total = Stopwatch.StartNew();
        int poolSize = o.Pool > 0 ? o.Pool : SizePool(o.VolunteersOnline, o.Seed);
        Print($"host: {hostDll}; pool {poolSize:N0} (seed {o.Seed}), {o.VolunteersOnline:N0} demo volunteer accounts, offer timeout {o.TimeoutSeconds} s" +
              (o.HostEnvironment.Count == 0 ? "" : $"; environment {string.Join(' ', o.HostEnvironment)}"));

        var recorder = new LifecycleRecorder(TimeSpan.FromSeconds(o.TimeoutSeconds));
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var clients = new List<VolunteerClient>(o.VolunteersOnline);
        HubConnection? board = null;
        LifecycleRecorder.Result? result = null;
        string hostState = "";
        var lines = new List<string>();
        HostUnderTest? host = null;
        using var driverStops = PauseTimeline.ForDriver();
        PauseTimeline.HostTimeline? hostStops = null;
        try
        {
            var sw = Stopwatch.StartNew();
            host = await HostUnderTest.StartAsync(hostDll, o, poolSize, TimeSpan.FromMinutes(3));
            Print($"host: ready on {host.Address} (pid {host.Pid}) in {sw.Elapsed.TotalSeconds:F1} s");
            hostStops = PauseTimeline.ForHost(host.Pid);

            using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = Math.Max(o.Parallelism, 16), PooledConnectionLifetime = TimeSpan.FromMinutes(10) };
            using var http = new HttpClient(handler, disposeHandler: false) { BaseAddress = host.Address, Timeout = TimeSpan.FromSeconds(60) };

            int warmed = DriverWarmup.Run();
            int handled = await DriverWarmup.RunConnectionAsync(new LifecycleRecorder(TimeSpan.FromSeconds(o.TimeoutSeconds)), rounds: 3, stop.Token);
            Print($"driver: warmed its message parsing ({warmed} sample messages) and its connection's receive and answer path ({handled} messages handled)");

            // The commander and the board first, so the board sees every offer.
            string commanderToken = (await LoginAsync(http, "commander", withMe: false, stop.Token))?.Token
                ?? throw new InvalidOperationException("The commander account did not get a token.");
            board = new HubConnectionBuilder()
                .WithUrl(new Uri(host.Address, "/hubs/board"), c =>
                {
                    c.Transports = HttpTransportType.WebSockets;
                    c.SkipNegotiation = true;
                    c.AccessTokenProvider = () => Task.FromResult<string?>(commanderToken);
                })
                .Build();
            board.On<BoardEventMessage>("BoardEvent", e => recorder.Board(e, LifecycleRecorder.Now()));
            board.Closed += e =>
            {
                if (!recorder.Stopping)
                {
                    recorder.Error("disconnect", $"board: {e?.Message}");
                }

                return Task.CompletedTask;
            };
            await board.StartAsync(stop.Token);

            // Tokens and connections with bounded parallelism, within a time limit.
            sw.Restart();
            using var connectLimit = CancellationTokenSource.CreateLinkedTokenSource(stop.Token);
            connectLimit.CancelAfter(TimeSpan.FromMinutes(10));
            int missing = 0;
            await Parallel.ForEachAsync(Enumerable.Range(1, o.VolunteersOnline), new ParallelOptions { MaxDegreeOfParallelism = o.Parallelism, CancellationToken = connectLimit.Token },
                async (n, ct) =>
                {
                    var login = await LoginAsync(http, $"volunteer{n}", withMe: true, ct, recorder);
                    if (login is null)
                    {
                        Interlocked.Increment(ref missing);
                        return;
                    }

                    var client = new VolunteerClient(host.Address, login.Value.Token, login.Value.VolunteerId, unchecked((int)o.Seed * 7919) + n, recorder, (200, 2_000), stop.Token);
                    try
                    {
                        await client.StartAsync(ct);
                        recorder.Online(client.VolunteerId);
                        lock (clients)
                        {
                            clients.Add(client);
                        }
                    }
                    catch (Exception e) when (e is not OperationCanceledException)
                    {
                        recorder.Error("connect", $"volunteer{n}: {e.GetType().Name} {e.Message}");
                        await client.DisposeAsync();
                    }
                });
            Print($"clients: {recorder.OnlineCount:N0} volunteers connected in {sw.Elapsed.TotalSeconds:F1} s ({missing} accounts without a token); load average {LoadAverage()}");

            // Both collectors, out of the measurement as far as they can be (as a benchmark harness collects between
            // iterations): the connection storm's garbage is collected now, in the driver and in the host, and what the
            // 5,000 connections keep is promoted once, here, not by the first collections while incidents run. The
            // driver then starts no blocking full collection until the drain ends. Both processes' pauses while
            // incidents run are still printed at the end, and the slowest offers say how long each was stopped.
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
            var hostCollection = await hostStops.CollectAsync(TimeSpan.FromSeconds(30), stop.Token);
            Print(hostCollection is { } hc
                ? string.Create(CultureInfo.InvariantCulture, $"host: one full collection after connecting (induced over the diagnostics port), {hc.Milliseconds:F0} ms: {hc}")
                : "host: the full collection after connecting was not seen within 30 s");
            var latencyMode = GCSettings.LatencyMode;
            GCSettings.LatencyMode = GCLatencyMode.SustainedLowLatency;

            // The commander: M incidents at a steady rate, a bounded number in flight.
            sw.Restart();
            long incidentsFrom = LifecycleRecorder.Now();
            hostStops.CountAllocationsFrom(incidentsFrom);
            var cpuFrom = CpuClock.Read(host.Pid);
            var random = new Random(unchecked((int)o.Seed));
            using var inFlight = new SemaphoreSlim(16);
            var creates = new List<Task>(o.Incidents);
            var started = Stopwatch.StartNew();
            for (int i = 0; i < o.Incidents; i++)
            {
                var due = TimeSpan.FromSeconds(i / o.Rate) - started.Elapsed;
                if (due > TimeSpan.Zero)
                {
                    await Task.Delay(due, stop.Token);
                }

                await inFlight.WaitAsync(stop.Token);
                var body = NextIncident(random, i);
                creates.Add(CreateIncidentAsync(http, commanderToken, body, recorder, inFlight, stop.Token));
            }

            await Task.WhenAll(creates);
            Print($"incidents: {o.Incidents} create requests in {sw.Elapsed.TotalSeconds:F1} s; load average {LoadAverage()}");

            // Drain: until nothing has happened for a timeout plus a margin (re-offer chains settle), within a bound.
            sw.Restart();
            var quiet = TimeSpan.FromSeconds(o.TimeoutSeconds + 3);
            var drainLimit = TimeSpan.FromSeconds((3 * o.TimeoutSeconds) + 30);
            while (sw.Elapsed < drainLimit)
            {
                bool idle = VolunteerClient.Busy == 0 && LifecycleRecorder.Now() - recorder.LastActivityTicks > quiet.Ticks;
                if (idle)
                {
                    break;
                }

                await Task.Delay(250, stop.Token);
            }

            long end = LifecycleRecorder.Now();
            GCSettings.LatencyMode = latencyMode;
            Print($"drain: {sw.Elapsed.TotalSeconds:F1} s (limit {drainLimit.TotalSeconds:F0} s); load average {LoadAverage()}");
            hostState = HostMemory(host.Pid);
            string cpu = CpuClock.Describe(cpuFrom, CpuClock.Read(host.Pid), TimeSpan.FromTicks(end - incidentsFrom));
            await hostStops.DisposeAsync();
            result = recorder.Analyse(end, lines.Add, hostStops, driverStops);
            lines.Add(hostStops.Describe(incidentsFrom, end));
            lines.Add(hostStops.TopAllocations(12));
            lines.Add(driverStops.Describe(incidentsFrom, end));
            lines.Add(cpu);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            recorder.Error("run", $"{e.GetType().Name}: {e.Message}");
            Print($"run failed: {e.GetType().Name}: {e.Message}");
            if (host is not null)
            {
                Print($"host output (tail):\n{host.Tail}");
            }
        }
        finally
        {
            // Stop everything before the last line: clients, board, host (by its PID).
            recorder.Stopping = true;
            await stop.CancelAsync();
            await Parallel.ForEachAsync(clients, new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (c, _) => await c.DisposeAsync());
            if (board is not null)
            {
                await board.DisposeAsync();
            }

            if (hostStops is not null)
            {
                await hostStops.DisposeAsync();
            }

            if (host is not null)
            {
                await host.DisposeAsync();
            }
        }

        foreach (string line in lines)
        {
            Print(line);
        }

        Print($"host: {hostState}; total {total.Elapsed.TotalSeconds:F0} s; load average {LoadAverage()}");
        // The driver's own stalls delay what it observes: say how long its collector paused it.
        Print(string.Create(CultureInfo.InvariantCulture,
            $"driver: GC {GC.CollectionCount(0)}/{GC.CollectionCount(1)}/{GC.CollectionCount(2)} (gen0/1/2), paused {GC.GetTotalPauseDuration().TotalMilliseconds:F0} ms in all, " +
            $"concurrent {System.Runtime.GCSettings.LatencyMode}, server {System.Runtime.GCSettings.IsServerGC}"));
        result ??= new LifecycleRecorder.Result(double.NaN, double.NaN, double.NaN, double.NaN, Math.Max(1, recorder.Errors), 0);
        Print(string.Create(CultureInfo.InvariantCulture,
            $"SUMMARY lifecycle offer_p50_ms={result.OfferP50:F1} offer_p99_ms={result.OfferP99:F1} next_offer_p99_ms={result.NextOfferP99:F1} timeout_err_p99_ms={result.TimeoutErrP99:F1} errors={result.Errors}"));
        return result.Errors == 0 ? 0 : 1;
    }

    /// <summary>
    /// The smallest pool whose on-duty, free, skilled volunteers — the ones demo volunteer accounts speak for, in pool
    /// order — number at least <paramref name="online"/>, so (almost) every candidate the host can offer has a client.
    /// </summary>
    private static int SizePool(int online, ulong seed)
    {
        var now = DateTimeOffset.UtcNow;
        int Eligible(int size)
        {
            var pool = PoolGenerator.Generate(new PoolGeneratorOptions { Volunteers = size, Seed = seed, Now = now });
            int n = 0;
            for (int v = 0; v < pool.Count; v++)
            {
                var id = new VolunteerId(v);
                if (pool.Duty(id) == DutyState.OnDuty && pool.Commitment(id) == CommitmentState.Free
                    && pool.Catalog.All.Any(d => pool.LevelOf(id, d.Skill) is not null))
                {
                    n++;
                }
            }

            return n;
        }

        int lo = Math.Max(100, online), hi = online * 40;
        for (int step = 0; step < 24 && lo < hi; step++)
        {
            int mid = lo + ((hi - lo) / 2);
            if (Eligible(mid) >= online)
            {
                hi = mid;
            }
            else
            {
                lo = mid + 1;
            }
        }

        return hi;
    }

    private static CreateIncidentBody NextIncident(Random random, int i)
    {
        var city = JiangsuCity.All[i % JiangsuCity.All.Count];
        double lat = city.Centre.Latitude + ((random.NextDouble() - 0.5) * 0.2);
        double lon = city.Centre.Longitude + ((random.NextDouble() - 0.5) * 0.2);
        string type = Types[random.Next(Types.Length)];
        double u = random.NextDouble();
        string severity = Severities[^1].Severity;
        foreach (var (s, share) in Severities)
        {
            if (u < share)
            {
                severity = s;
                break;
            }

            u -= share;
        }

        return new CreateIncidentBody(type, severity, lat, lon, $"{city.NameZh}市应急管理局", $"{city.NameZh}市应急集合点 {i + 1}", "lifecycle benchmark");
    }

    private static async Task CreateIncidentAsync(HttpClient http, string token, CreateIncidentBody body, LifecycleRecorder recorder, SemaphoreSlim inFlight, CancellationToken ct)
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/incidents") { Content = JsonContent.Create(body) };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            long sent = LifecycleRecorder.Now();
            using var response = await http.SendAsync(request, ct);
            if (response.StatusCode != HttpStatusCode.Created)
            {
                recorder.Error("create incident", $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync(ct)}");
                return;
            }

            var created = await response.Content.ReadFromJsonAsync<IncidentCreatedResponse>(ct);
            if (created is null)
            {
                recorder.Error("create incident", "empty body");
                return;
            }

            recorder.IncidentCreated(created.Incident.Id, sent);
            recorder.Count("incident: initial offers", created.Offers.Count);
            recorder.Count("incident: shortfalls", created.Shortfalls.Count);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            recorder.Error("create incident", $"{e.GetType().Name} {e.Message}");
        }
        finally
        {
            inFlight.Release();
        }
    }

    /// <summary>A bearer token (and with <paramref name="withMe"/> the account's volunteer id); null when the account does not exist.</summary>
    private static async Task<(string Token, int VolunteerId)?> LoginAsync(HttpClient http, string userName, bool withMe, CancellationToken ct, LifecycleRecorder? recorder = null)
    {
        try
        {
            using var response = await http.PostAsJsonAsync("/api/auth/token", new TokenRequest(userName, Password), ct);
            if (response.StatusCode == HttpStatusCode.Unauthorized)
            {
                return null;
            }

            response.EnsureSuccessStatusCode();
            var token = (await response.Content.ReadFromJsonAsync<TokenResponse>(ct))?.AccessToken
                ?? throw new InvalidOperationException("No access token in the answer.");
            if (!withMe)
            {
                return (token, -1);
            }

            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/auth/me");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var me = await http.SendAsync(request, ct);
            me.EnsureSuccessStatusCode();
            var info = await me.Content.ReadFromJsonAsync<MeResponse>(ct);
            return info?.VolunteerId is { } id ? (token, id) : throw new InvalidOperationException($"{userName} speaks for no volunteer.");
        }
        catch (Exception e) when (recorder is not null && e is not OperationCanceledException)
        {
            recorder.Error("token", $"{userName}: {e.GetType().Name} {e.Message}");
            return null;
        }
    }

    private static string LoadAverage()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "n/a";
        }
    }

    private static string HostMemory(int pid)
    {
        try
        {
            string? rss = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
            string? threads = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("Threads:", StringComparison.Ordinal));
            return $"{rss?.Replace("\t", " ", StringComparison.Ordinal)}, {threads?.Replace("\t", " ", StringComparison.Ordinal)}";
        }
        catch (IOException)
        {
            return "memory n/a";
        }
    }

    private static void Print(string line) => Console.WriteLine(line);
}
