namespace Dispatch.Host.Board;

/// <summary>Board settings (<c>Dispatch:Board</c>).</summary>
public sealed class BoardOptions
{
    public const string Section = "Dispatch:Board";

    /// <summary>
    /// A tile URL template (<c>https://tiles.example/{z}/{x}/{y}.png</c>) for sites with their own tile server; the
    /// default (unset) is the offline basemap only. Tiles must be WGS84-aligned (not GCJ-02) to match the positions.
    /// </summary>
    public string? TileUrl { get; set; }

    /// <summary>Days ahead in which an expiring certification or insurance is flagged on the pool overview.</summary>
    public int ExpiringWithinDays { get; set; } = 30;
}
