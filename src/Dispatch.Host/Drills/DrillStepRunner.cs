using System.Globalization;
using Dispatch.Engine.Dispatching;
using Dispatch.Engine.Drills;
using Dispatch.Engine.Pool;
using Dispatch.Engine.PrePlans;
using Dispatch.Host.Dispatching;

namespace Dispatch.Host.Drills;

/// <summary>What the runner does next on the virtual clock.</summary>
internal abstract record DrillStep
{
    /// <summary>The scenario's timeline item <paramref name="Index"/>.</summary>
    public sealed record Inject(int Index, Injection Injection) : DrillStep;

    /// <summary>A connectivity loss ends (a timeline line; offers were already judged by the loss's window).</summary>
    public sealed record Restored(Injection.ConnectivityLoss Loss) : DrillStep;

    /// <summary>A simulated volunteer answers.</summary>
    public sealed record Answer(OfferId Offer, VolunteerId Volunteer, bool Accept) : DrillStep;

    public sealed record EnRoute(OfferId Offer, VolunteerId Volunteer) : DrillStep;

    public sealed record Arrive(OfferId Offer, VolunteerId Volunteer) : DrillStep;

    /// <summary>The phones of the volunteers whose app is online report their position (see <see cref="DrillRunner.HeartbeatEvery"/>).</summary>
    public sealed record Heartbeat : DrillStep;
}

/// <summary>Runs one step through the real use cases.</summary>
internal sealed class DrillStepRunner(DrillScenario scenario, DrillWorld world, DrillRecorder recorder, DrillRunOptions options, DrillAgenda<DrillStep> agenda)
{
    private readonly VolunteerSimulator _simulator = VolunteerSimulator.For(scenario);
    private readonly Dictionary<string, IncidentId> _incidents = new(StringComparer.Ordinal);
    private readonly string _commander = $"drill-commander:{options.Team}";
    private readonly Injection.ConnectivityLoss[] _losses = [.. scenario.Timeline.OfType<Injection.ConnectivityLoss>()];
    private VolunteerId[]? _online;

    private TimeSpan Now => world.Clock.GetUtcNow() - world.Clock.Start;

    public async Task RunAsync(DrillStep step, CancellationToken cancellationToken)
    {
        switch (step)
        {
            case DrillStep.Inject { Injection: Injection.Incident incident }:
                await CreateAsync(incident, cancellationToken).ConfigureAwait(false);
                break;
            case DrillStep.Inject { Injection: Injection.SeverityChange change }:
                var id = _incidents[change.IncidentId];
                recorder.Note(Now, "inject.severity_change", change.IncidentId, $"脚本：{change.IncidentId} 调整为{change.Severity.NameZh()} — {change.Reason}");
                recorder.SeverityNow(id, change.Severity);
                await world.ChangeSeverity.ExecuteAsync(id, change.Severity, _commander,
                    string.IsNullOrWhiteSpace(change.Reason) ? "【演练】脚本调整" : $"【演练】{change.Reason}", cancellationToken).ConfigureAwait(false);
                break;
            case DrillStep.Inject { Injection: Injection.ConnectivityLoss loss }:
                recorder.Note(Now, "inject.connectivity_loss", null, DrillRecorder.Invariant(
                    $"故障：{loss.Area.PlaceName ?? "区域"}半径 {loss.Area.Radius.Value / 1000:0.#} km 通信中断 {loss.Duration:c} — {loss.Note}"));
                if (loss.Until < scenario.Duration)
                {
                    agenda.Add(world.Clock.Start + loss.Until, new DrillStep.Restored(loss));
                }

                break;
            case DrillStep.Inject { Index: var index, Injection: Injection.OffDuty offDuty }:
                await OffDutyAsync(index, offDuty, cancellationToken).ConfigureAwait(false);
                break;
            case DrillStep.Heartbeat:
                await HeartbeatAsync(cancellationToken).ConfigureAwait(false);
                break;
            case DrillStep.Restored restored:
                recorder.Note(Now, "connectivity.restored", null, $"通信恢复 connectivity restored: {restored.Loss.Area.PlaceName ?? "区域"}");
                break;
            case DrillStep.Answer answer when answer.Accept:
                await world.Accept.ExecuteAsync(answer.Offer, answer.Volunteer, Volunteer(answer.Volunteer), cancellationToken).ConfigureAwait(false);
                break;
            case DrillStep.Answer answer:
                await world.Decline.ExecuteAsync(answer.Offer, answer.Volunteer, Volunteer(answer.Volunteer), "【演练】模拟志愿者拒单", cancellationToken).ConfigureAwait(false);
                break;
            case DrillStep.EnRoute go:
                await world.Advance.ExecuteAsync(go.Offer, AssignmentState.EnRoute, go.Volunteer, Volunteer(go.Volunteer), cancellationToken).ConfigureAwait(false);
                break;
            case DrillStep.Arrive arrive:
                var update = await world.Advance.ExecuteAsync(arrive.Offer, AssignmentState.OnScene, arrive.Volunteer, Volunteer(arrive.Volunteer), cancellationToken).ConfigureAwait(false);
                if (update.Status == Dispatching.AssignmentUpdateStatus.Done)
                {
                    recorder.Arrived(arrive.Offer, Now);
                }

                break;
            default:
                throw new InvalidOperationException($"Unknown drill step {step.GetType().Name}.");
        }
    }

    private async Task CreateAsync(Injection.Incident incident, CancellationToken cancellationToken)
    {
        var point = _simulator.IncidentPoint(incident);
        string place = incident.Location.PlaceName ?? DrillRecorder.Invariant($"{point.Latitude:F4}, {point.Longitude:F4}");
        var result = await world.CreateIncident.ExecuteAsync(new Dispatching.CreateIncidentCommand(
            incident.TypeKey, incident.Severity, point, incident.CommandAuthority, $"【演练】{place}",
            string.IsNullOrWhiteSpace(incident.Notes) ? "【演练】" : $"【演练】{incident.Notes}", options.Override, IsDrill: true, _commander),
            cancellationToken).ConfigureAwait(false);
        _incidents[incident.ScenarioId] = result.Incident.Id;
        recorder.Incident(result.Incident.Id, incident.ScenarioId, incident.TypeKey, point, incident.Severity);
        recorder.Note(Now, "inject.incident", incident.ScenarioId, DrillRecorder.Invariant(
            $"脚本：{place} 发生{TypeName(incident.TypeKey)}（{incident.Severity.NameZh()}），指挥机构 {incident.CommandAuthority}"));
    }

    private async Task OffDutyAsync(int index, Injection.OffDuty offDuty, CancellationToken cancellationToken)
    {
        var pool = world.Live.Pool;
        var onDuty = new List<VolunteerId>();
        for (int v = 0; v < pool.Count; v++)
        {
            var id = new VolunteerId(v);
            if (pool.Duty(id) == DutyState.OnDuty && offDuty.Area.Contains(pool.LastKnown(id)))
            {
                onDuty.Add(id);
            }
        }

        var picked = _simulator.PickOffDuty(onDuty, offDuty, index);
        foreach (var volunteer in picked)
        {
            await world.Status.SetDutyAsync(volunteer, DutyState.OffDuty, Volunteer(volunteer), cancellationToken).ConfigureAwait(false);
        }

        recorder.Note(Now, "inject.off_duty", null, string.Create(CultureInfo.InvariantCulture,
            $"故障：{offDuty.Area.PlaceName ?? "区域"}半径 {offDuty.Area.Radius.Value / 1000:0.#} km 内 {picked.Count} / {onDuty.Count} 名在岗志愿者离岗 — {offDuty.Note}"));
    }

    /// <summary>A commander's action or read, through the real use cases, at the current virtual time.</summary>
    public async Task<object> CommandAsync(DrillCommand command, CancellationToken cancellationToken)
    {
        string actor = $"{_commander}:{command.Actor}";
        switch (command)
        {
            case DrillCommand.Escalate e:
                var requirement = recorder.Requirements.FirstOrDefault(r => r.Id.Value == e.RequirementId)
                    ?? throw new KeyNotFoundException($"The drill has no requirement {e.RequirementId}.");
                var escalation = await world.Escalate.ExecuteAsync(requirement.Id, actor, Reason(e.Reason, "指挥员手动升级"), cancellationToken).ConfigureAwait(false);
                recorder.Note(Now, "command.escalate", requirement.IncidentId, $"指挥员 {command.Actor} 手动升级 manual escalation · {requirement.Skill}: {escalation.Status}");
                return new DrillCommandOutcome(escalation.Status.ToString(), escalation.Decision?.Reason ?? escalation.Status.ToString());
            case DrillCommand.ChangeSeverity c:
                if (!_incidents.TryGetValue(c.Incident, out var incident))
                {
                    throw new KeyNotFoundException($"The drill has no incident '{c.Incident}' (yet).");
                }

                recorder.SeverityNow(incident, c.Severity);
                var changed = await world.ChangeSeverity.ExecuteAsync(incident, c.Severity, actor, Reason(c.Reason, "指挥员调整等级"), cancellationToken).ConfigureAwait(false);
                recorder.Note(Now, "command.severity_change", c.Incident, $"指挥员 {command.Actor} 调整为{c.Severity.NameZh()}: {changed.Status}");
                return new DrillCommandOutcome(changed.Status.ToString(), changed.Reason);
            case DrillCommand.ReadRequirements:
                return await world.Store.ReadAsync(async r =>
                {
                    var list = new List<DrillRequirementState>();
                    foreach (var info in recorder.Requirements)
                    {
                        var q = await r.GetRequirementAsync(info.Id).ConfigureAwait(false);
                        if (q is null)
                        {
                            continue;
                        }

                        int pending = (await r.GetOffersAsync(info.Id).ConfigureAwait(false)).Count(o => o.State == OfferState.Pending);
                        list.Add(new DrillRequirementState(q.Id.Value, info.IncidentId, info.Skill.ToString(), q.MinLevel.Value, q.CurrentMinLevel.Value,
                            q.Seats, q.Filled, pending, q.Radius.Value / 1000, q.EscalationStep));
                    }

                    return (IReadOnlyList<DrillRequirementState>)list;
                }, cancellationToken).ConfigureAwait(false);
            default:
                throw new ArgumentException($"Unknown drill command {command.GetType().Name}.", nameof(command));
        }
    }

    private static string Reason(string? text, string fallback) =>
        $"【演练】{(string.IsNullOrWhiteSpace(text) ? fallback : text.Trim())}";

    /// <summary>
    /// Position reports of the volunteers whose app is online: the same position, now fresh, through the location use
    /// case (one transaction for the whole batch of phones checking in), as a live phone's reports go.
    /// </summary>
    private async Task HeartbeatAsync(CancellationToken cancellationToken)
    {
        var pool = world.Live.Pool;
        _online ??= [.. Enumerable.Range(0, pool.Count).Select(v => new VolunteerId(v))
            .Where(v => pool.Get(v).LastSeenAt is { } seen && world.Clock.Start - seen <= Engine.Matching.MatchPolicy.Default.LocationFreshness)];
        var offset = world.Clock.GetUtcNow() - world.Clock.Start;
        var reports = new List<(VolunteerId, Engine.Geo.GeoPoint)>();
        foreach (var volunteer in _online)
        {
            var position = pool.LastKnown(volunteer);
            if (!_losses.Any(l => l.Covers(position, offset)))
            {
                reports.Add((volunteer, position));
            }
        }

        await new VolunteerStatus(world.Services).ReportLocationsAsync(reports, cancellationToken).ConfigureAwait(false);
    }

    private string TypeName(string key) => world.Services.Book.Types.FirstOrDefault(t => t.Key == key)?.NameZh ?? key;

    private static string Volunteer(VolunteerId id) => $"drill-volunteer:{id.Value}";
}
