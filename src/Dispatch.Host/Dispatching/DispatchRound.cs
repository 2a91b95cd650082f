using Dispatch.Engine.Dispatching;
using Dispatch.Engine.Geo;
using Dispatch.Engine.Matching;
using Dispatch.Engine.Pool;
using Dispatch.Engine.PrePlans;
using Dispatch.Host.Records;

namespace Dispatch.Host.Dispatching;

/// <summary>What one matching round wrote: the offers sent and the shortfalls recorded.</summary>
public sealed record RoundResult(IReadOnlyList<Offer> OffersSent, IReadOnlyList<PlannedShortfall> Shortfalls)
{
    public static RoundResult None { get; } = new([], []);
}

/// <summary>
/// One matching round inside a write transaction: the open requirements (live or drill, not both) that want more offers
/// are matched jointly, so a contested volunteer goes where the priority is higher and is never offered twice; each
/// chosen candidate gets an offer written with the claim. Volunteers who already had an offer for a requirement are not
/// offered it again. Shortfalls are recorded for the <c>focus</c> requirements only.
/// </summary>
/// <remarks>
/// A round is local (<see cref="MatchLocality"/>): it solves the focus requirements together with the requirements whose
/// search areas hold a position given (volunteers just set free). The others already took every free candidate of their
/// areas in earlier rounds; volunteers set free are brought to them by <see cref="RematchFreed"/>, and the sweeper's
/// periodic round over everything finds availability no change announces (a rest period ending).
/// </remarks>
internal static class DispatchRound
{
    public static async Task<RoundResult> RunAsync(
        DispatchServices s, RecordTransaction tx, PoolChanges pool, DateTimeOffset now, string actor, bool drills, IReadOnlySet<RequirementId> focus,
        IReadOnlyList<GeoPoint>? around = null, bool everywhere = false)
    {
        var demand = await tx.GetOpenDemandAsync(drills).ConfigureAwait(false);
        if (!everywhere)
        {
            demand = Local(demand, focus, around ?? []);
        }

        var wanting = new List<(OpenDemand Demand, IncidentPlan Plan, int Want)>();
        foreach (var d in demand)
        {
            var plan = s.PlanFor(d.Incident);
            int want = DispatchDecisions.OffersWanted(d.Requirement, d.PendingOffers, plan.OverOfferFactor);
            if (want > 0)
            {
                wanting.Add((d, plan, want));
            }
        }

        var offered = await tx.GetOfferedVolunteersAsync([.. wanting.Select(w => w.Demand.Requirement.Id)]).ConfigureAwait(false);
        var open = new List<OpenRequirement>();
        var wanted = new Dictionary<long, int>();
        var excluded = new Dictionary<long, HashSet<VolunteerId>>();
        var byRequirement = new Dictionary<long, OpenDemand>();
        foreach (var (d, plan, want) in wanting)
        {
            var asked = offered[d.Requirement.Id];
            // Ask for enough that the ones to leave out (those the pool still shows as free) cannot crowd out the rest.
            int ask = Math.Min(MatchQuery.MaxCount, want + asked.Count(v => s.Live.Pool.Commitment(v) == CommitmentState.Free));
            open.Add(DispatchDecisions.ToOpenRequirement(d.Incident, d.Requirement, plan, ask, now));
            wanted[d.Requirement.Id.Value] = want;
            excluded[d.Requirement.Id.Value] = asked;
            byRequirement[d.Requirement.Id.Value] = d;
        }

        if (open.Count == 0)
        {
            return RoundResult.None;
        }

        var matches = s.Matcher.Match(s.Live.Index, open);
        var sent = new List<Offer>();
        var shortfalls = new List<PlannedShortfall>();
        foreach (var group in matches.GroupBy(m => byRequirement[m.Key].Incident.Id))
        {
            var incident = byRequirement[group.First().Key].Incident;
            var filtered = group.Select(m =>
            {
                RankedCandidate[] chosen = [.. m.Chosen.Where(c => !excluded[m.Key].Contains(c.Volunteer)).Take(wanted[m.Key])];
                return m with
                {
                    Chosen = chosen,
                    Shortfall = m.Shortfall is { } sf && chosen.Length < wanted[m.Key] ? sf with { Needed = wanted[m.Key] } : null,
                };
            }).ToList();
            var requirements = filtered.Select(m => byRequirement[m.Key].Requirement).ToList();
            var planned = DispatchDecisions.PlanOffers(incident, requirements, filtered, s.PlanFor(incident), now, s.Policy);

            // The incident's offers with their claims, the commitments and the audit each in a few multi-row statements
            // (a large incident writes a hundred offers); the events in the order writing them one by one would give.
            var written = await tx.TryInsertOffersAsync(incident.Id, planned.Offers).ConfigureAwait(false);
            var events = new List<NewAuditEvent>(written.Count + filtered.Count + planned.Shortfalls.Count);
            var claimed = new List<VolunteerId>(written.Count);
            for (int i = 0; i < written.Count; i++)
            {
                var offer = planned.Offers[i];
                if (written[i] is not { } w)
                {
                    events.Add(new NewAuditEvent(now, actor, AuditKinds.OfferSkipped, incident.Id, offer.Volunteer, null,
                        "The volunteer already holds a pending offer (claim).", new { requirement = offer.Requirement.Value }));
                    continue;
                }

                events.Add(new NewAuditEvent(now, actor, AuditKinds.OfferCreated, incident.Id, offer.Volunteer, w.Id,
                    $"Offered for {offer.Requirement}: score {offer.Score.Total:F3}.",
                    new { requirement = offer.Requirement.Value, expiresAt = offer.ExpiresAt, score = offer.Score, riskStatement = offer.RiskStatement }));
                claimed.Add(offer.Volunteer);
                pool.Claim(offer.Volunteer);
                sent.Add(w);
            }

            await tx.SetCommitmentsAsync(claimed, CommitmentState.Offered, now).ConfigureAwait(false);

            foreach (var m in filtered.Where(m => focus.Contains(new RequirementId(m.Key))))
            {
                events.Add(new NewAuditEvent(now, actor, AuditKinds.RequirementMatched, incident.Id, null, null,
                    $"{m.Chosen.Count} of {wanted[m.Key]} wanted offers chosen from {m.Candidates.Count} candidates.",
                    new
                    {
                        requirement = m.Key,
                        chosen = m.Chosen.Select(c => c.Volunteer.Value),
                        candidates = m.Candidates.Select(c => new { volunteer = c.Volunteer.Value, level = (int)c.Level.Value, score = c.Score }),
                    }));
            }

            foreach (var shortfall in planned.Shortfalls.Where(sf => focus.Contains(sf.Requirement)))
            {
                events.Add(new NewAuditEvent(now, actor, AuditKinds.Shortfall, incident.Id, null, null, shortfall.Reason,
                    new
                    {
                        requirement = shortfall.Requirement.Value,
                        needed = shortfall.Shortfall.Needed,
                        found = shortfall.Shortfall.Found,
                        takenByOtherRequirements = shortfall.TakenByOtherRequirements,
                        reasons = shortfall.Shortfall.Reasons.ToDictionary(kv => kv.Key.ToString(), kv => kv.Value),
                    }));
                shortfalls.Add(shortfall);
            }

            await tx.AppendAllAsync(events).ConfigureAwait(false);
        }

        return new RoundResult(sent, shortfalls);
    }

    /// <summary>The search area of an open requirement: its incident's location and its current (escalated) radius.</summary>
    public static SearchArea AreaOf(OpenDemand d) => new(d.Incident.Location, d.Requirement.Radius);

    /// <summary>The focus requirements and those whose search areas hold one of the positions.</summary>
    private static IReadOnlyList<OpenDemand> Local(IReadOnlyList<OpenDemand> demand, IReadOnlySet<RequirementId> focus, IReadOnlyList<GeoPoint> around)
    {
        var holding = MatchLocality.Holding([.. demand.Select(AreaOf)], around);
        return [.. demand.Where((d, i) => holding[i] || focus.Contains(d.Requirement.Id))];
    }
}
