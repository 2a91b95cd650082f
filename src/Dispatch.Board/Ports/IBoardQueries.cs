using Dispatch.Engine.PrePlans;

namespace Dispatch.Board.Ports;

/// <summary>
/// What the board reads, implemented by the host over the record and the live pool. Every read applies the host's
/// privacy rules: phones masked; precise positions only for volunteers committed to the viewer's own incidents.
/// </summary>
public interface IBoardQueries
{
    /// <summary>Open incidents (live and drill), highest priority first.</summary>
    Task<IReadOnlyList<IncidentSummary>> GetQueueAsync(CancellationToken cancellationToken = default);

    /// <summary>One incident in full; null when it does not exist.</summary>
    Task<IncidentDetail?> GetIncidentAsync(long incidentId, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<PlanChoice>> GetPlansAsync(CancellationToken cancellationToken = default);

    /// <summary>The expanded plan for a type and severity at a point, with how many eligible volunteers it would reach now.</summary>
    Task<PlanPreview> PreviewAsync(string typeKey, Severity severity, double latitude, double longitude, CancellationToken cancellationToken = default);

    Task<PoolOverview> GetPoolOverviewAsync(CancellationToken cancellationToken = default);

    /// <summary>Pool density in the box for the zoom level (cells get finer as the zoom grows; at most a few thousand).</summary>
    Task<IReadOnlyList<DensityCell>> GetDensityAsync(double south, double west, double north, double east, int zoom, CancellationToken cancellationToken = default);

    /// <summary>Committed volunteers (offered or assigned in open incidents) with positions as this viewer may see them.</summary>
    Task<IReadOnlyList<VolunteerMarker>> GetCommittedAsync(BoardUser viewer, CancellationToken cancellationToken = default);

    Task<VolunteerRecord?> GetVolunteerRecordAsync(int volunteerId, CancellationToken cancellationToken = default);

    /// <summary>The offline basemap: the province outline and the 13 city areas as a GeoJSON FeatureCollection (WGS84).</summary>
    string BasemapGeoJson { get; }

    /// <summary>An optional tile URL template for sites with their own tile server; null for the offline basemap only.</summary>
    string? TileUrl { get; }
}
