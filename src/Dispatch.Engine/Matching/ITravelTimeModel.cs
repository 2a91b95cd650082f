using Dispatch.Engine.Geo;

namespace Dispatch.Engine.Matching;

/// <summary>
/// Estimates how long a volunteer needs to reach an incident. The default is a straight-line urban/rural speed model;
/// a road router can implement the same contract later.
/// </summary>
/// <remarks>Implementations must be pure, thread-safe and allocation-free: ranking calls them per candidate.</remarks>
public interface ITravelTimeModel
{
    /// <summary>Seconds from <paramref name="from"/> to <paramref name="to"/>, which are <paramref name="distanceMeters"/> apart (haversine).</summary>
    double EstimateSeconds(GeoPoint from, GeoPoint to, double distanceMeters);

    /// <summary>
    /// A lower bound of <see cref="EstimateSeconds"/> over every origin at least <paramref name="distanceMeters"/> from
    /// <paramref name="to"/>; must not decrease as the distance grows. The index prunes whole cells with it.
    /// </summary>
    double LowerBoundSeconds(GeoPoint to, double distanceMeters);
}
