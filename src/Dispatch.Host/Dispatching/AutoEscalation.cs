using System.Text.Json;
using Dispatch.Engine.Dispatching;
using Dispatch.Host.Realtime;
using Dispatch.Host.Records;

namespace Dispatch.Host.Dispatching;

/// <summary>
/// Escalation when candidates run out (升级): on every committed shortfall of a requirement that is not filled and has
/// no offer left pending, the dispatcher climbs the pre-plan's ladder by itself — one rung per shortfall for rungs that
/// change the search (its matching round either offers or records the next shortfall, which climbs again), and straight
/// on through rungs that only notify (call a team, alert the commander). It stops when offers go out, the requirement is
/// filled, or the ladder is used up (its last rung, normally the commander's alert, has told the commander; a manual
/// "escalate now" then records the exhaustion).
/// </summary>
internal sealed partial class AutoEscalation(DispatchServices services, EscalateRequirement escalate, ILogger<AutoEscalation> logger) : IChangeFeedListener
{
    public const string Actor = "system:escalation";

    public async Task OnEventsAsync(IReadOnlyList<AuditEvent> events, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        var seen = new HashSet<long>();
        foreach (var e in events)
        {
            if (e.Kind == AuditKinds.Shortfall && RequirementOf(e) is { } requirement && seen.Add(requirement.Value))
            {
                await ClimbAsync(requirement, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Climbs while the requirement still needs people and nobody holds one of its offers.</summary>
    internal async Task ClimbAsync(RequirementId id, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var (requirement, incident, pending, exhausted) = await services.Store.ReadAsync(async r =>
            {
                var req = await r.GetRequirementAsync(id).ConfigureAwait(false);
                var inc = req is null ? null : await r.GetIncidentAsync(req.Incident).ConfigureAwait(false);
                int waiting = req is null ? 0 : (await r.GetOffersAsync(id).ConfigureAwait(false)).Count(o => o.State == OfferState.Pending);
                bool recorded = inc is not null && (await r.GetAuditForIncidentAsync(inc.Id).ConfigureAwait(false))
                    .Any(e => e.Kind == AuditKinds.EscalationExhausted && RequirementOf(e) == id);
                return (req, inc, waiting, recorded);
            }, cancellationToken).ConfigureAwait(false);
            if (requirement is null || incident is not { State: IncidentState.Open } || requirement.IsFull || pending > 0)
            {
                return;
            }

            if (requirement.EscalationStep >= services.PlanFor(incident).Escalation.Count)
            {
                // The end of the ladder: say so once, on the board and in the audit trail; later shortfalls add nothing.
                if (!exhausted)
                {
                    var end = await escalate.ExecuteAsync(id, Actor, "Candidates ran out.", cancellationToken).ConfigureAwait(false);
                    LogEscalated(logger, id.Value, end.Status, null);
                }

                return;
            }

            var result = await escalate.ExecuteAsync(id, Actor, "Candidates ran out.", cancellationToken).ConfigureAwait(false);
            LogEscalated(logger, id.Value, result.Status, result.Decision?.Step?.Kind.ToString());
            bool notifyOnly = result.Status == EscalationStatus.Escalated
                && result.Decision is { Step.Kind: Engine.PrePlans.EscalationKind.CallTeam or Engine.PrePlans.EscalationKind.AlertCommander };
            if (!notifyOnly)
            {
                // Offers went out, the search changed (its round recorded a shortfall if it found nobody, which brings
                // us back here), or the ladder is exhausted.
                return;
            }
        }
    }

    private static RequirementId? RequirementOf(AuditEvent e)
    {
        try
        {
            using var payload = JsonDocument.Parse(e.Payload);
            return payload.RootElement.TryGetProperty("requirement", out var r) && r.TryGetInt64(out long id) ? new RequirementId(id) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Requirement {Requirement} escalated automatically: {Status} ({Step}).")]
    private static partial void LogEscalated(ILogger logger, long requirement, EscalationStatus status, string? step);
}
