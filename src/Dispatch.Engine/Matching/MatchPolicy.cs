namespace Dispatch.Engine.Matching;

/// <summary>
/// The limits of eligibility that are policy rather than law: fatigue, how fresh a position must be, how long a
/// hazardous task's insurance must last. The legal rules (no minors, insurance, credentials) are not switchable.
/// </summary>
public sealed record MatchPolicy
{
    public MatchPolicy(double fatigueLimitHours, TimeSpan locationFreshness, TimeSpan hazardousTaskWindow)
    {
        if (!double.IsFinite(fatigueLimitHours) || fatigueLimitHours <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(fatigueLimitHours), fatigueLimitHours, "The fatigue limit must be a positive number of hours.");
        }

        if (locationFreshness <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(locationFreshness), locationFreshness, "Location freshness must be positive.");
        }

        if (hazardousTaskWindow < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(hazardousTaskWindow), hazardousTaskWindow, "The task window cannot be negative.");
        }

        FatigueLimitHours = fatigueLimitHours;
        LocationFreshness = locationFreshness;
        HazardousTaskWindow = hazardousTaskWindow;
    }

    /// <summary>40 h of service in 7 days, positions up to 1 h old, hazardous cover for 24 h.</summary>
    public static MatchPolicy Default { get; } = new(40, TimeSpan.FromHours(1), TimeSpan.FromHours(24));

    /// <summary>A volunteer with at least this many service hours in the last 7 days is not offered more work.</summary>
    public double FatigueLimitHours { get; }

    /// <summary>A last-known position older than this is too stale to rank on.</summary>
    public TimeSpan LocationFreshness { get; }

    /// <summary>A hazardous task needs insurance cover from now to now + this window (Art. 17: cover for that time).</summary>
    public TimeSpan HazardousTaskWindow { get; }
}
