using System.Globalization;

namespace Dispatch.Benchmarks.Lifecycle;

/// <summary>
/// Processor time from <c>/proc</c> (Linux; elsewhere nothing is printed): how busy the host, the driver and the whole
/// machine were over a window. On a small machine a collection or a transaction that needs 10 ms of processor takes as
/// long in wall time as the other runnable threads let it.
/// </summary>
internal readonly record struct CpuClock(long HostTicks, long DriverTicks, long HostFaults, long[] Machine)
{
    // USER_HZ: /proc counts in 1/100 s on every Linux this runs on.
    private const double TicksPerSecond = 100.0;

    public static CpuClock? Read(int hostPid)
    {
        try
        {
            long[] machine = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
                .Select(v => long.Parse(v, CultureInfo.InvariantCulture)).ToArray();
            string[] host = Fields(hostPid);
            return new CpuClock(Ticks(host), Ticks(Fields(Environment.ProcessId)), long.Parse(host[7], CultureInfo.InvariantCulture), machine);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>One line: each process's share of one core, the machine's busy, I/O-wait and stolen shares, over the window.</summary>
    public static string Describe(CpuClock? from, CpuClock? to, TimeSpan window)
    {
        if (from is not { } a || to is not { } b || window <= TimeSpan.Zero)
        {
            return "cpu: not available";
        }

        double seconds = window.TotalSeconds;
        long Delta(int field) => field < a.Machine.Length && field < b.Machine.Length ? b.Machine[field] - a.Machine[field] : 0;
        long total = Enumerable.Range(0, Math.Min(a.Machine.Length, 8)).Sum(Delta);
        double Share(long ticks) => total == 0 ? 0 : 100.0 * ticks / total;
        // user nice system idle iowait irq softirq steal
        long busy = Delta(0) + Delta(1) + Delta(2) + Delta(5) + Delta(6);
        return string.Create(CultureInfo.InvariantCulture,
            $"cpu while incidents ran ({seconds:F0} s, {Environment.ProcessorCount} cores): host {(b.HostTicks - a.HostTicks) / TicksPerSecond:F1} s " +
            $"({100.0 * (b.HostTicks - a.HostTicks) / TicksPerSecond / seconds:F0} % of a core), driver {(b.DriverTicks - a.DriverTicks) / TicksPerSecond:F1} s " +
            $"({100.0 * (b.DriverTicks - a.DriverTicks) / TicksPerSecond / seconds:F0} % of a core); host page faults {b.HostFaults - a.HostFaults:N0}; machine busy {Share(busy):F0} %, I/O wait {Share(Delta(4)):F0} %, stolen {Share(Delta(7)):F0} %");
    }

    // The fields after the command name (which may hold spaces, so split after its closing parenthesis), from the state
    // (3rd field of the line): minflt is the 10th field, utime the 14th, stime the 15th.
    private static string[] Fields(int pid)
    {
        string stat = File.ReadAllText($"/proc/{pid}/stat");
        return stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
    }

    private static long Ticks(string[] fields) => long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
}
