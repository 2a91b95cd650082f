namespace Dispatch.Engine.Pool.Generation;

/// <summary>The reference time of a generation run turned into the pool's encodings once, outside the hot loop.</summary>
internal readonly struct GenerationClock
{
    public GenerationClock(DateTimeOffset now)
    {
        var today = PoolTime.ChinaDate(now);
        NowInstant = PoolTime.ToInstant(now);
        Today = PoolTime.ToDayStamp(today);

        // Birth-date ranges by age on today's China date: born on today.AddYears(-18) means 18 today (adult).
        YoungestAdult = PoolTime.ToDayStamp(today.AddYears(-18));
        OldestMinor = (short)(YoungestAdult + 1);
        YoungestMinor = PoolTime.ToDayStamp(today.AddYears(-16));
        Aged45 = PoolTime.ToDayStamp(today.AddYears(-45));
        OldestAdult = (short)(PoolTime.ToDayStamp(today.AddYears(-71)) + 1);
    }

    public int NowInstant { get; }

    public short Today { get; }

    /// <summary>Birth stamp of someone turning 18 today (the youngest adult).</summary>
    public short YoungestAdult { get; }

    /// <summary>Birth stamp of the oldest 17-year-old.</summary>
    public short OldestMinor { get; }

    /// <summary>Birth stamp of someone turning 16 today.</summary>
    public short YoungestMinor { get; }

    /// <summary>Birth stamp of someone turning 45 today.</summary>
    public short Aged45 { get; }

    /// <summary>Birth stamp of the oldest 70-year-old.</summary>
    public short OldestAdult { get; }
}
