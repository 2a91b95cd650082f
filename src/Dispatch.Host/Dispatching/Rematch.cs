using Dispatch.Engine.Dispatching;
using Dispatch.Engine.Geo;
using Dispatch.Engine.Pool;
using Dispatch.Host.Realtime;
using Dispatch.Host.Records;

namespace Dispatch.Host.Dispatching;

/// <summary>
/// A matching round of its own, outside any answer: around positions where volunteers became available (a withdrawn,
/// declined or expired offer set them free, or they came on duty), or over every open requirement (the sweeper's
/// periodic round, which also finds volunteers whose rest ended or who moved into an area).
/// </summary>
public sealed class Rematch(DispatchServices services)
{
    public const string Actor = "system:rematch";

    private static readonly HashSet<RequirementId> NoFocus = [];

    /// <summary>Offers for the open requirements whose search areas hold one of <paramref name="positions"/>, matched jointly.</summary>
    public Task<RoundResult> AroundAsync(IReadOnlyList<GeoPoint> positions, bool drills, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(positions);
        return positions.Count == 0
            ? Task.FromResult(RoundResult.None)
            : services.CommitAsync((tx, pool, now) => DispatchRound.RunAsync(services, tx, pool, now, Actor, drills, NoFocus, positions), cancellationToken);
    }

    /// <summary>Offers for every open requirement that wants more (one joint round over the whole province).</summary>
    public Task<RoundResult> EverywhereAsync(bool drills, CancellationToken cancellationToken = default) =>
        services.CommitAsync((tx, pool, now) => DispatchRound.RunAsync(services, tx, pool, now, Actor, drills, NoFocus, everywhere: true), cancellationToken);
}

/// <summary>
/// Offers volunteers set free to the open requirements around them as soon as the change is committed: a requirement
/// still short of people gets the volunteer whose offer elsewhere was withdrawn because it filled, declined or expired,
/// or who just came on duty. One round per batch of the change feed, and none when no open requirement's search area
/// holds any of them (checked on a read snapshot first, so quiet areas never wait for the write lease).
/// </summary>
internal sealed class RematchFreed(DispatchServices services, Rematch rematch, bool drills) : IChangeFeedListener
{
    public async Task OnEventsAsync(IReadOnlyList<AuditEvent> events, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        var freed = new HashSet<VolunteerId>();
        foreach (var e in events)
        {
            bool frees = e.Kind is AuditKinds.OfferWithdrawn or AuditKinds.OfferDeclined or AuditKinds.OfferExpired
                || (e.Kind == AuditKinds.VolunteerDuty && e.Reason == DutyState.OnDuty.ToString());
            if (frees && e.Volunteer is { } volunteer)
            {
                freed.Add(volunteer);
            }
        }

        // Positions only, read without the lease: whether each one is free is decided by the round under the lease (the
        // pool may not show this commit's changes yet when its events arrive here).
        var pool = services.Live.Pool;
        var positions = freed.Where(v => v.Value < pool.Count).Select(pool.LastKnown).ToList();
        if (positions.Count == 0)
        {
            return;
        }

        var demand = await services.Store.ReadAsync(r => r.GetOpenDemandAsync(drills), cancellationToken).ConfigureAwait(false);
        var areas = demand.Select(DispatchRound.AreaOf).ToList();
        var wanted = positions.Where(p => areas.Exists(a => a.Holds(p))).ToList();
        if (wanted.Count > 0)
        {
            await rematch.AroundAsync(wanted, drills, cancellationToken).ConfigureAwait(false);
        }
    }
}
