namespace Dispatch.Engine.Pool;

/// <summary>
/// Compact time encodings used by the pool's columns and the hot index, lossless for the values they accept:
/// <list type="bullet">
/// <item>a <em>day stamp</em> is a <see cref="short"/> count of days since 2000-01-01 (covers 1910–2089);</item>
/// <item>an <em>instant</em> is an <see cref="int"/> count of seconds since 2020-01-01T00:00Z (covers 1951–2088).</item>
/// </list>
/// Dates are civil dates in China Standard Time (UTC+8, no daylight saving since 1991), the calendar of the law.
/// </summary>
public static class PoolTime
{
    /// <summary>Day stamp meaning "none" (no certificate, no insurance).</summary>
    public const short NoDay = short.MinValue;

    /// <summary>Instant meaning "never" (never seen, never released).</summary>
    public const int Never = int.MinValue;

    private static readonly int DayEpoch = new DateOnly(2000, 1, 1).DayNumber;
    private static readonly DateTimeOffset InstantEpoch = new(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan ChinaOffset = TimeSpan.FromHours(8);

    public static short ToDayStamp(DateOnly date)
    {
        int d = date.DayNumber - DayEpoch;
        if (d <= short.MinValue || d > short.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(date), date, "Dates must fall between 1910-04-14 and 2089-09-17.");
        }

        return (short)d;
    }

    public static short ToDayStamp(DateOnly? date) => date is { } d ? ToDayStamp(d) : NoDay;

    public static DateOnly? FromDayStamp(short stamp) =>
        stamp == NoDay ? null : DateOnly.FromDayNumber(DayEpoch + stamp);

    public static int ToInstant(DateTimeOffset time)
    {
        long s = (long)Math.Floor((time - InstantEpoch).TotalSeconds);
        if (s <= int.MinValue || s > int.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(time), time, "Instants must fall between 1951 and 2088.");
        }

        return (int)s;
    }

    public static int ToInstant(DateTimeOffset? time) => time is { } t ? ToInstant(t) : Never;

    public static DateTimeOffset? FromInstant(int instant) =>
        instant == Never ? null : InstantEpoch.AddSeconds(instant);

    /// <summary>The civil date in China (UTC+8) at <paramref name="now"/>: the date ages and expiries are judged on.</summary>
    public static DateOnly ChinaDate(DateTimeOffset now) => DateOnly.FromDateTime(now.ToOffset(ChinaOffset).DateTime);

    /// <summary>The day stamp of the 18th birthday of someone born on <paramref name="birthDate"/> (29 Feb → 1 Mar).</summary>
    public static short AdultFrom(DateOnly birthDate)
    {
        var adult = birthDate.Month == 2 && birthDate.Day == 29 && !DateTime.IsLeapYear(birthDate.Year + 18)
            ? new DateOnly(birthDate.Year + 18, 3, 1)
            : birthDate.AddYears(18);
        return ToDayStamp(adult);
    }
}
