using Dispatch.Board.Ports;
using Dispatch.Engine.Dispatching;
using Dispatch.Engine.Geo;
using Dispatch.Engine.Matching;
using Dispatch.Engine.Pool;
using Dispatch.Engine.PrePlans;
using Dispatch.Host.Api;
using Dispatch.Host.Records;
using Dispatch.Host.Startup;
using Microsoft.Extensions.Options;

namespace Dispatch.Host.Board;

/// <summary>
/// The board's reads over the record and the live pool, one instance per circuit. Privacy as on the API: phones masked,
/// positions coarsened to about 1 km except for volunteers committed to the viewer's own open incidents, whose precise
/// position is audited (<c>privacy.location_read</c>) once per offer per board session.
/// </summary>
internal sealed class BoardQueries(
    RecordStore store, PrePlanBook book, LivePool live, IVolunteerContacts contacts, PoolStats stats, BoardPrivacy privacy,
    IOptions<BoardOptions> options, TimeProvider time) : IBoardQueries
{
    /// <summary>The most candidates a preview counts per requirement.</summary>
    public const int PreviewCount = 500;

    public const int MaxQueue = 200;

    private readonly HashSet<long> _auditedOffers = [];

    public string BasemapGeoJson => Board.BasemapGeoJson.Default;

    public string? TileUrl => string.IsNullOrWhiteSpace(options.Value.TileUrl) ? null : options.Value.TileUrl;

    public Task<IReadOnlyList<IncidentSummary>> GetQueueAsync(CancellationToken cancellationToken = default) =>
        store.ReadAsync<IReadOnlyList<IncidentSummary>>(async r =>
        {
            var incidents = await r.GetIncidentsAsync(IncidentState.Open, MaxQueue).ConfigureAwait(false);
            if (incidents.Count == 0)
            {
                return [];
            }

            var pending = await r.GetPendingCountsAsync().ConfigureAwait(false);
            var shortfalls = await r.GetShortfallsAsync(incidents.Select(i => i.Id.Value)).ConfigureAwait(false);
            var list = new List<IncidentSummary>(incidents.Count);
            foreach (var incident in incidents)
            {
                var requirements = await r.GetRequirementsAsync(incident.Id).ConfigureAwait(false);
                list.Add(Summary(incident, requirements, pending, shortfalls));
            }

            return list;
        }, cancellationToken);

    public Task<IncidentDetail?> GetIncidentAsync(long incidentId, CancellationToken cancellationToken = default) =>
        store.ReadAsync(async r =>
        {
            var id = new IncidentId(incidentId);
            if (await r.GetIncidentAsync(id).ConfigureAwait(false) is not { } incident)
            {
                return null;
            }

            var requirements = await r.GetRequirementsAsync(id).ConfigureAwait(false);
            var offers = await r.GetOffersForIncidentAsync(id).ConfigureAwait(false);
            var assignments = await r.GetAssignmentsAsync(id).ConfigureAwait(false);
            var audit = await r.GetAuditForIncidentAsync(id).ConfigureAwait(false);
            var pending = offers.Where(o => o.State == OfferState.Pending).GroupBy(o => o.Requirement.Value).ToDictionary(g => g.Key, g => g.Count());
            var shortfalls = await r.GetShortfallsAsync([incidentId]).ConfigureAwait(false);
            var matches = await r.GetLatestMatchesAsync(incidentId).ConfigureAwait(false);
            var done = await r.GetDoneReportsAsync(incidentId).ConfigureAwait(false);
            var reviewed = new HashSet<long>();
            foreach (var a in assignments.Where(a => a.State == AssignmentState.Released))
            {
                if (await r.GetReviewAsync(a.Offer).ConfigureAwait(false) is { CommanderRating: not null })
                {
                    reviewed.Add(a.Offer.Value);
                }
            }

            var candidates = new Dictionary<long, IReadOnlyList<CandidateView>>();
            foreach (var requirement in requirements)
            {
                if (!matches.TryGetValue(requirement.Id.Value, out var match))
                {
                    candidates[requirement.Id.Value] = [];
                    continue;
                }

                var chosen = match.Chosen.ToHashSet();
                var offerOf = offers.Where(o => o.Requirement == requirement.Id).GroupBy(o => o.Volunteer.Value).ToDictionary(g => g.Key, g => g.Last().State.Name());
                candidates[requirement.Id.Value] = [.. match.Candidates.Select((c, i) => new CandidateView(
                    i + 1, c.Volunteer, c.Level, ToView(c.Score), chosen.Contains(c.Volunteer), offerOf.GetValueOrDefault(c.Volunteer), MaskedPhone(c.Volunteer)))];
            }

            var etaOf = offers.ToDictionary(o => o.Id.Value, o => o.Score?.EtaSeconds);
            return new IncidentDetail(
                Summary(incident, requirements, pending, shortfalls), incident.Notes, incident.State.Name(), incident.OfferTimeout.TotalSeconds, candidates,
                [.. offers.Select(o => new OfferView(
                    o.Id.Value, o.Requirement.Value, o.Volunteer.Value, o.State.Name(), o.SentAt, o.ExpiresAt, o.AckedAt, o.AnsweredAt,
                    o.DeclineReason ?? o.WithdrawReason?.Name() ?? o.ManualReason, o.Manual, o.Score is { } s ? ToView(s) : null))],
                [.. assignments.Select(a => new AssignmentView(
                    a.Offer.Value, a.Requirement.Value, a.Volunteer.Value, a.State.Name(), a.AcceptedAt, a.EnRouteAt, a.OnSceneAt, a.ReleasedAt,
                    etaOf.GetValueOrDefault(a.Offer.Value), done.Contains(a.Offer.Value), reviewed.Contains(a.Offer.Value), MaskedPhone(a.Volunteer.Value)))],
                [.. audit.Select(e => new AuditView(e.Id, e.At, e.Actor, e.Kind, e.Offer?.Value, e.Volunteer?.Value, e.Reason))]);
        }, cancellationToken);

    public Task<IReadOnlyList<PlanChoice>> GetPlansAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<PlanChoice>>([.. book.Types.Select(t => new PlanChoice(
            t.Key, t.NameZh, t.NameEn, t.Hazardous, [.. book.Plans.Where(p => p.IncidentType == t.Key).Select(p => p.Severity).Order()]))]);

    public async Task<PlanPreview> PreviewAsync(string typeKey, Severity severity, double latitude, double longitude, CancellationToken cancellationToken = default)
    {
        var plan = book.Expand(typeKey, severity);
        var at = new GeoPoint(latitude, longitude);
        var now = time.GetUtcNow();
        var previews = new List<RequirementPreview>();
        // The index is read under the pool's writer lease: a matching read must not overlap a pool change.
        using (await live.EnterWriteAsync(cancellationToken).ConfigureAwait(false))
        {
            foreach (var r in plan.Requirements)
            {
                var query = new MatchQuery(at, r.Skill, r.MinLevel, plan.SearchRadius, PreviewCount, now) { Hazardous = plan.RequiresInsurance, Weights = plan.Weights };
                var found = live.Index.Query(query);
                var definition = book.Catalog.Find(r.Skill);
                previews.Add(new RequirementPreview(
                    r.Skill.ToString(), definition?.NameZh ?? r.Skill.ToString(), definition?.NameEn ?? r.Skill.ToString(), r.MinLevel.Value, r.Count,
                    found.Length, found.Length == 0 ? null : found.Min(c => c.Score.DistanceMeters)));
            }
        }

        var city = JiangsuRegions.Default.CityAt(at);
        return new PlanPreview(typeKey, severity, plan.IsFallback, plan.SearchRadius.Value, plan.OfferTimeout.TotalSeconds, previews, city?.NameZh);
    }

    public Task<PoolOverview> GetPoolOverviewAsync(CancellationToken cancellationToken = default) => Task.Run(stats.Overview, cancellationToken);

    public Task<IReadOnlyList<DensityCell>> GetDensityAsync(double south, double west, double north, double east, int zoom, CancellationToken cancellationToken = default) =>
        Task.Run(() => stats.Density(south, west, north, east, zoom), cancellationToken);

    public async Task<IReadOnlyList<VolunteerMarker>> GetCommittedAsync(BoardUser viewer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        var rows = await store.ReadAsync(r => r.GetCommittedAsync(), cancellationToken).ConfigureAwait(false);
        var own = viewer.IsCommander ? rows.Where(r => r.CreatedBy == viewer.Actor).ToList() : [];
        var unaudited = own.Where(r => !_auditedOffers.Contains(r.OfferId)).ToList();
        if (unaudited.Count > 0)
        {
            // Check and audit in one write: only volunteers still committed to this commander's open incidents.
            var granted = await privacy.RecordLocationReadsAsync(viewer, unaudited.Select(r => new VolunteerId((int)r.VolunteerId)), cancellationToken).ConfigureAwait(false);
            foreach (var offer in granted)
            {
                _auditedOffers.Add(offer);
            }
        }

        var markers = new List<VolunteerMarker>(rows.Count);
        foreach (var row in rows)
        {
            var id = new VolunteerId((int)row.VolunteerId);
            if (id.Value < 0 || id.Value >= live.Pool.Count)
            {
                continue;
            }

            var v = live.Pool.Get(id);
            bool precise = _auditedOffers.Contains(row.OfferId) && row.CreatedBy == viewer.Actor;
            var (lat, lon) = precise ? (v.LastKnown.Latitude, v.LastKnown.Longitude) : VolunteerView.Coarsen(v.LastKnown);
            markers.Add(new VolunteerMarker(id.Value, row.IncidentId, row.State, lat, lon, precise, v.LastSeenAt));
        }

        return markers;
    }

    public Task<VolunteerRecord?> GetVolunteerRecordAsync(int volunteerId, CancellationToken cancellationToken = default)
    {
        if (volunteerId < 0 || volunteerId >= live.Pool.Count)
        {
            return Task.FromResult<VolunteerRecord?>(null);
        }

        var id = new VolunteerId(volunteerId);
        var v = live.Pool.Get(id);
        return store.ReadAsync<VolunteerRecord?>(async r =>
        {
            var records = await r.GetServiceRecordsAsync(id).ConfigureAwait(false);
            var ledger = (await r.GetLedgerAsync(id).ConfigureAwait(false)).ToDictionary(l => l.Assignment.Value);
            var services = new List<ServiceEntry>();
            foreach (var s in records.OrderByDescending(s => s.ReleasedAt))
            {
                var review = await r.GetReviewAsync(s.Assignment).ConfigureAwait(false);
                services.Add(new ServiceEntry(
                    s.Assignment.Value, s.Incident.Value, TypeName(s.IncidentType), s.CommandAuthority, s.ReleasedAt, s.Counted.TotalHours,
                    ledger.TryGetValue(s.Assignment.Value, out var l) ? l.Points : null, review?.CommanderRating));
            }

            var city = JiangsuCity.All[v.City];
            return new VolunteerRecord(
                volunteerId, city.NameZh, city.NameEn,
                [.. v.Skills.Select(s => $"{book.Catalog.Find(s.Skill)?.NameZh ?? s.Skill.ToString()} {s.Level.Value}")],
                MaskedPhone(volunteerId), ledger.Values.Sum(l => l.Counted.TotalHours), ledger.Values.Sum(l => l.Points), services);
        }, cancellationToken);
    }

    private IncidentSummary Summary(
        Incident incident, IReadOnlyList<Requirement> requirements, IReadOnlyDictionary<long, int> pending, IReadOnlyDictionary<long, (string Reason, bool Exhausted)> shortfalls)
    {
        var type = book.Types.FirstOrDefault(t => t.Key == incident.TypeKey);
        return new IncidentSummary(
            incident.Id.Value, incident.TypeKey, type?.NameZh ?? incident.TypeKey, type?.NameEn ?? incident.TypeKey, incident.Severity,
            incident.Location.Latitude, incident.Location.Longitude, incident.CommandAuthority, incident.MeetingPoint, incident.CreatedAt, incident.CreatedBy,
            incident.IsDrill,
            [.. requirements.Select(q =>
            {
                var definition = book.Catalog.Find(q.Skill);
                var shortfall = !q.IsFull && shortfalls.TryGetValue(q.Id.Value, out var s) ? s : default;
                return new RequirementView(
                    q.Id.Value, q.Skill.ToString(), definition?.NameZh ?? q.Skill.ToString(), definition?.NameEn ?? q.Skill.ToString(), q.MinLevel.Value,
                    q.CurrentMinLevel.Value, q.Seats, q.Filled, pending.GetValueOrDefault(q.Id.Value), q.Radius.Value, q.EscalationStep,
                    shortfall.Reason, shortfall.Exhausted);
            })]);
    }

    private string TypeName(string key) => book.Types.FirstOrDefault(t => t.Key == key)?.NameZh ?? key;

    private string? MaskedPhone(int volunteer) =>
        contacts.PhoneOf(new VolunteerId(volunteer)) is { } phone ? DemoVolunteerContacts.Mask(phone) : null;

    private static ScoreView ToView(ScoreBreakdown s) => new(s.Total, s.Eta, s.Level, s.Fairness, s.Reliability, s.DistanceMeters, s.EtaSeconds);
}
