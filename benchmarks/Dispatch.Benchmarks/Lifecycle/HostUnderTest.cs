using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using System.Text.RegularExpressions;

namespace Dispatch.Benchmarks.Lifecycle;

/// <summary>
/// The real host (<c>dotnet Dispatch.Host.dll serve</c>) as a child process on a free 127.0.0.1 port, with a temporary
/// data folder and a pre-plan book whose offer timeouts are all <c>T</c> seconds. Killed by its own PID on dispose.
/// </summary>
internal sealed partial class HostUnderTest : IAsyncDisposable
{
    private const int KeptLines = 200;
    private readonly Process _process;
    private readonly Queue<string> _tail = new();
    private readonly string _workFolder;

    private HostUnderTest(Process process, Uri address, string workFolder)
    {
        _process = process;
        Address = address;
        _workFolder = workFolder;
        process.OutputDataReceived += (_, e) => Keep(e.Data);
        process.ErrorDataReceived += (_, e) => Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public Uri Address { get; }

    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>The last lines the host printed (for failure messages).</summary>
    public string Tail
    {
        get
        {
            lock (_tail)
            {
                return string.Join(Environment.NewLine, _tail);
            }
        }
    }

    /// <summary>Where the benchmark build put the host: <c>--host-dll</c>, else the path recorded at build time, else the usual folders.</summary>
    public static string? LocateHostDll(string? explicitPath)
    {
        if (explicitPath is not null)
        {
            return File.Exists(explicitPath) ? Path.GetFullPath(explicitPath) : null;
        }

        string? recorded = typeof(HostUnderTest).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "DispatchHostDll")?.Value;
        if (!string.IsNullOrEmpty(recorded) && File.Exists(recorded))
        {
            return recorded;
        }

        // Fallback: walk up to the repository and look in the default output folders (Release first).
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string host = Path.Combine(dir.FullName, "src", "Dispatch.Host");
            if (!Directory.Exists(host))
            {
                continue;
            }

            foreach (string config in new[] { "Release", "Debug" })
            {
                string candidate = Path.Combine(host, "bin", config, "net10.0", "Dispatch.Host.dll");
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        return null;
    }

    public static async Task<HostUnderTest> StartAsync(string hostDll, LifecycleOptions o, int poolSize, TimeSpan readyLimit)
    {
        string contentRoot = Path.GetDirectoryName(hostDll)!;
        string work = Directory.CreateTempSubdirectory("dispatch-lifecycle-").FullName;
        string data = Path.Combine(work, "data");
        string prePlans = Path.Combine(work, "preplans.yaml");
        string shipped = File.ReadAllText(Path.Combine(contentRoot, "PrePlans", "preplans.yaml"));
        string changed = OfferTimeout().Replace(shipped, $"offer_timeout_s: {o.TimeoutSeconds}");
        await File.WriteAllTextAsync(prePlans, changed);

        int port = FreeLoopbackPort();
        var address = new Uri($"http://127.0.0.1:{port}");
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = contentRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string arg in new[]
        {
            hostDll, "serve", "--urls", address.ToString().TrimEnd('/'), "--contentRoot", contentRoot,
            $"--Dispatch:DataFolder={data}",
            $"--Dispatch:PrePlans={prePlans}",
            $"--Dispatch:DemoPool:Volunteers={poolSize}",
            $"--Dispatch:DemoPool:Seed={o.Seed}",
            $"--Dispatch:DemoVolunteerAccounts={o.VolunteersOnline}",
            $"--Dispatch:DemoPasswordIterations={o.DemoPasswordIterations}",
            $"--Dispatch:DemoPassword={LifecycleCommand.Password}",
            "--Dispatch:PrintBanner=false",
            // The request log would write a line per token request and hub connection: measure the host, not its console.
            "--Logging:LogLevel:Default=Warning",
            "--Logging:LogLevel:Microsoft.AspNetCore.HttpLogging.HttpLoggingMiddleware=Warning",
        })
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        // The host's collector and socket completions are its own (its runtimeconfig), not the driver's: the driver
        // sets its own through the environment, which the host would otherwise inherit.
        start.Environment.Remove("DOTNET_gcServer");
        start.Environment.Remove("DOTNET_gcConcurrent");
        start.Environment.Remove(LifecycleCommand.InlineCompletions);
        start.Environment.Remove("DOTNET_GCgen0size");
        foreach (string setting in o.HostEnvironment)
        {
            int eq = setting.IndexOf('=', StringComparison.Ordinal);
            start.Environment[setting[..eq]] = setting[(eq + 1)..];
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the host process.");
        var host = new HostUnderTest(process, address, work);
        try
        {
            await host.WaitUntilReadyAsync(readyLimit);
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }

        return host;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await _process.WaitForExitAsync(limit.Token);
        }
        catch (Exception e) when (e is InvalidOperationException or OperationCanceledException)
        {
            // Already gone, or refusing to die within the limit: nothing more this process can do.
        }

        _process.Dispose();
        try
        {
            Directory.Delete(_workFolder, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open: leave the temp folder.
        }
    }

    private async Task WaitUntilReadyAsync(TimeSpan limit)
    {
        using var client = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(5) };
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < limit)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The host exited with code {_process.ExitCode} before it was ready:\n{Tail}");
            }

            try
            {
                using var response = await client.GetAsync(new Uri("/health/ready", UriKind.Relative));
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet, or busy starting.
            }

            // Readiness across processes has no push signal: poll with a deadline.
            await Task.Delay(200);
        }

        throw new TimeoutException($"The host was not ready within {limit}:\n{Tail}");
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_tail)
        {
            _tail.Enqueue(line);
            if (_tail.Count > KeptLines)
            {
                _tail.Dequeue();
            }
        }
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [GeneratedRegex(@"offer_timeout_s:\s*\d+")]
    private static partial Regex OfferTimeout();
}
