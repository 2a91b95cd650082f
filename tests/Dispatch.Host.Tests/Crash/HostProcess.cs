using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Dispatch.Host.Tests.Crash;

/// <summary>
/// The real host as a child process (<c>dotnet Dispatch.Host.dll serve</c> from the test output folder) on a loopback
/// port and a given data folder — so a test can kill it with SIGKILL, not a graceful stop, and start it again on the
/// same folder.
/// </summary>
internal sealed class HostProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private HostProcess(Process process, Uri address)
    {
        _process = process;
        Address = address;
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public Uri Address { get; }

    /// <summary>What the host printed so far (for failure messages).</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public bool HasExited => _process.HasExited;

    /// <summary>Starts the host and waits until <c>/health</c> answers (or fails with the host's output).</summary>
    public static async Task<HostProcess> StartAsync(string dataFolder, int volunteers, IReadOnlyDictionary<string, string>? settings = null)
    {
        string baseDir = AppContext.BaseDirectory;
        int port = FreeLoopbackPort();
        var address = new Uri($"http://127.0.0.1:{port}");
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = baseDir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(baseDir, "Dispatch.Host.dll"));
        start.ArgumentList.Add("serve");
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(address.ToString().TrimEnd('/'));
        start.ArgumentList.Add("--contentRoot");
        start.ArgumentList.Add(baseDir);
        start.ArgumentList.Add($"--Dispatch:DataFolder={dataFolder}");
        start.ArgumentList.Add($"--Dispatch:DemoPool:Volunteers={volunteers}");
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            start.ArgumentList.Add($"--{key}={value}");
        }

        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the host process.");
        var host = new HostProcess(process, address);
        await host.WaitUntilHealthyAsync(TimeSpan.FromSeconds(90));
        return host;
    }

    public HttpClient CreateClient() => new() { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(60) };

    /// <summary>SIGKILL: the process gets no chance to flush, dispose or finish anything.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
    }

    private async Task WaitUntilHealthyAsync(TimeSpan limit)
    {
        using var client = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < limit)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The host exited with code {_process.ExitCode} before it was healthy:\n{Output}");
            }

            try
            {
                using var response = await client.GetAsync(new Uri("/health", UriKind.Relative));
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Busy starting.
            }

            // Polling a readiness condition with a deadline: the host offers no push signal across processes.
            await Task.Delay(100);
        }

        throw new TimeoutException($"The host was not healthy within {limit}:\n{Output}");
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
