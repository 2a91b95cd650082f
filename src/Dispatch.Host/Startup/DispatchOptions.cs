namespace Dispatch.Host.Startup;

/// <summary>The <c>Dispatch</c> configuration section (keys listed in <c>docs/host.md</c>).</summary>
public sealed class DispatchOptions
{
    public const string Section = "Dispatch";

    /// <summary><see cref="HostMode.Embedded"/> (default: one process, demo pool and demo accounts) or <see cref="HostMode.ScaleOut"/>.</summary>
    public HostMode Mode { get; set; } = HostMode.Embedded;

    /// <summary>Where snapshots and the record live; relative paths are resolved against the content root.</summary>
    public string DataFolder { get; set; } = "data";

    /// <summary>The pre-plan book; relative paths are resolved against the application folder.</summary>
    public string PrePlans { get; set; } = Path.Combine("PrePlans", "preplans.yaml");

    public DemoPoolOptions DemoPool { get; set; } = new();

    /// <summary>The password of every demo account (embedded mode only). Printed at start.</summary>
    public string DemoPassword { get; set; } = "dispatch-demo";

    /// <summary>How many demo volunteer accounts (<c>volunteer1</c>…<c>volunteerN</c>) embedded mode creates.</summary>
    public int DemoVolunteerAccounts { get; set; } = Auth.DemoAccounts.VolunteerAccounts;

    /// <summary>
    /// Demo accounts only: the PBKDF2 iteration count of their password hashes (null = the ASP.NET Core default,
    /// 100,000). Lower it for load benchmarks that issue thousands of demo volunteer accounts; it never applies to real
    /// users (scale-out mode has no demo accounts).
    /// </summary>
    public int? DemoPasswordIterations { get; set; }

    /// <summary>Print the board URLs and demo accounts on the console once the host listens.</summary>
    public bool PrintBanner { get; set; } = true;

    /// <summary>Hangfire worker threads in this host.</summary>
    public int JobWorkers { get; set; } = 2;

    /// <summary>
    /// Floor of the thread pool's worker threads. The record's SQLite calls block their thread (the provider's async
    /// methods run synchronously), so under a burst a small pool waits for the runtime's slow thread injection and
    /// timers, hub sends and requests queue behind it; a higher floor keeps them moving. 0 leaves the runtime default.
    /// </summary>
    public int MinWorkerThreads { get; set; } = 32;

    public bool IsEmbedded => Mode == HostMode.Embedded;
}

public enum HostMode
{
    Embedded,
    ScaleOut,
}

/// <summary>The pool generated on the first embedded start when the data folder holds no snapshot.</summary>
public sealed class DemoPoolOptions
{
    public int Volunteers { get; set; } = 200_000;

    public ulong Seed { get; set; } = 1;
}
