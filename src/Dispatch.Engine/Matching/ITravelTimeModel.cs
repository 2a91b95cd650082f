using Dispatch.Engine.Geo;

namespace Dispatch.Engine.Matching;

/// <summary>
/// Estimates how long a volunteer needs to reach an incident. The default is a straight-line urban/rural speed model;
/// a road router can implement the same contract later.
/// </summary>
/// <remarks>Implementations must be pure and thread-safe: one query prepares one <see cref="ITravelTimeTowards"/>.</remarks>
public interface ITravelTimeModel
{
    /// <summary>Prepares estimates towards one incident location (once per query, so per-destination work is done once).</summary>
    ITravelTimeTowards Towards(GeoPoint incident);
}

/// <summary>Travel-time estimates towards one incident. Allocation-free: ranking calls it per candidate.</summary>
public interface ITravelTimeTowards
{
    /// <summary>Seconds from <paramref name="from"/> to the incident, <paramref name="distanceMeters"/> away (haversine).</summary>
    double EstimateSeconds(GeoPoint from, double distanceMeters);

    /// <summary>
    /// A lower bound of <see cref="EstimateSeconds"/> over every origin at least <paramref name="distanceMeters"/> from
    /// the incident; must not decrease as the distance grows. The index prunes whole cells with it.
    /// </summary>
    double LowerBoundSeconds(double distanceMeters);
}
