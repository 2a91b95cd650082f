using System.Globalization;
using System.Text.Json;
using Dispatch.Engine.Dispatching;
using Dispatch.Engine.Drills;
using Dispatch.Engine.Geo;
using Dispatch.Engine.Pool;
using Dispatch.Engine.PrePlans;
using Dispatch.Host.Realtime;
using Dispatch.Host.Records;

namespace Dispatch.Host.Drills;

/// <summary>
/// Reads the drill world's change feed: turns committed lifecycle events into <see cref="DrillEvent"/>s for scoring and
/// timeline lines for the report, and plays the volunteers — for every offer delivered it asks the
/// <see cref="VolunteerSimulator"/> for the answer and puts it on the runner's agenda (unless the volunteer is cut off
/// by a connectivity loss when the offer arrives or when the answer would be sent).
/// </summary>
internal sealed class DrillRecorder(DrillScenario scenario, DrillWorld world, DrillAgenda<DrillStep> agenda, SkillCatalog catalog) : IChangeFeedListener
{
    private readonly VolunteerSimulator _simulator = VolunteerSimulator.For(scenario);
    private readonly Injection.ConnectivityLoss[] _losses = [.. scenario.Timeline.OfType<Injection.ConnectivityLoss>()];
    private readonly Dictionary<IncidentId, (string ScenarioId, string TypeKey, GeoPoint Location, Severity Severity)> _incidents = [];
    private readonly Dictionary<RequirementId, DrillRequirementInfo> _requirements = [];
    private readonly Dictionary<OfferId, SimulatedAnswer> _answers = [];

    public DrillLog Log { get; } = new();

    public List<DrillTimelineEntry> Timeline { get; } = [];

    public SortedDictionary<VolunteerId, int> OffersPerVolunteer { get; } = new(Comparer<VolunteerId>.Create((a, b) => a.Value.CompareTo(b.Value)));

    public SortedDictionary<VolunteerId, int> AssignmentsPerVolunteer { get; } = new(Comparer<VolunteerId>.Create((a, b) => a.Value.CompareTo(b.Value)));

    public SortedDictionary<OfferId, TimeSpan> Arrivals { get; } = new(Comparer<OfferId>.Create((a, b) => a.Value.CompareTo(b.Value)));

    public int NoShows { get; private set; }

    public IReadOnlyList<DrillRequirementInfo> Requirements => [.. _requirements.Values.OrderBy(r => r.Id.Value)];

    public int Accepted { get; private set; }

    public int Declined { get; private set; }

    public int Expired { get; private set; }

    public int Shortfalls { get; private set; }

    private TimeSpan Offset(DateTimeOffset at) => at - world.Clock.Start;

    /// <summary>The runner registers each incident it created (the record's id ↔ the scenario's id).</summary>
    public void Incident(IncidentId id, string scenarioId, string typeKey, GeoPoint location, Severity severity) => _incidents[id] = (scenarioId, typeKey, location, severity);

    public void SeverityNow(IncidentId id, Severity severity) => _incidents[id] = _incidents[id] with { Severity = severity };

    public string? ScenarioIdOf(IncidentId? id) => id is { } i && _incidents.TryGetValue(i, out var x) ? x.ScenarioId : null;

    public void Note(TimeSpan at, string kind, string? incident, string text) => Timeline.Add(new DrillTimelineEntry(at, kind, incident, text));

    public void Arrived(OfferId offer, TimeSpan at) => Arrivals[offer] = at;

    public Task OnEventsAsync(IReadOnlyList<AuditEvent> events, CancellationToken cancellationToken)
    {
        foreach (var e in events)
        {
            On(e);
        }

        return Task.CompletedTask;
    }

    private void On(AuditEvent e)
    {
        var at = Offset(e.At);
        string? incident = ScenarioIdOf(e.Incident);
        using var payload = JsonDocument.Parse(e.Payload);
        var p = payload.RootElement;
        switch (e.Kind)
        {
            case AuditKinds.IncidentCreated:
                Note(at, e.Kind, incident, $"【演练】事件已创建 incident created: {e.Reason}");
                break;
            case AuditKinds.RequirementPlanned:
                Open(at, incident!, new RequirementId(p.GetProperty("requirement").GetInt64()), catalog.Parse(p.GetProperty("skill").GetString()!),
                    p.GetProperty("level").GetInt32(), p.GetProperty("seats").GetInt32());
                break;
            case AuditKinds.SeverityChanged:
                foreach (var change in p.GetProperty("requirements").EnumerateArray())
                {
                    var id = new RequirementId(change.GetProperty("requirement").GetInt64());
                    int seats = change.GetProperty("to").GetInt32();
                    if (_requirements.ContainsKey(id))
                    {
                        Log.Add(new DrillEvent.SeatsChanged(at, id, seats));
                    }
                    else
                    {
                        var skill = catalog.Parse(change.GetProperty("skill").GetString()!);
                        Open(at, incident!, id, skill, MinLevelOf(e, skill), seats);
                    }
                }

                Note(at, e.Kind, incident, $"等级调整 severity changed: {e.Reason}");
                break;
            case AuditKinds.OfferCreated:
                Sent(e, at, new RequirementId(p.GetProperty("requirement").GetInt64()));
                break;
            case AuditKinds.OfferAccepted:
                Log.Add(new DrillEvent.OfferAnswered(at, e.Offer!.Value, true));
                Log.Add(new DrillEvent.SeatFilled(at, new RequirementId(p.GetProperty("requirement").GetInt64()), e.Volunteer!.Value));
                Accepted++;
                AssignmentsPerVolunteer[e.Volunteer.Value] = AssignmentsPerVolunteer.GetValueOrDefault(e.Volunteer.Value) + 1;
                Travel(e.Offer.Value, e.Volunteer.Value, e.At);
                break;
            case AuditKinds.OfferDeclined:
                Log.Add(new DrillEvent.OfferAnswered(at, e.Offer!.Value, false));
                Declined++;
                break;
            case AuditKinds.OfferExpired:
                Log.Add(new DrillEvent.OfferExpired(at, e.Offer!.Value));
                Expired++;
                break;
            case AuditKinds.OfferWithdrawn:
                Log.Add(new DrillEvent.OfferWithdrawn(at, e.Offer!.Value, WithdrawReasonOf(p)));
                break;
            case AuditKinds.Shortfall:
                var requirement = new RequirementId(p.GetProperty("requirement").GetInt64());
                Log.Add(new DrillEvent.ShortfallRecorded(at, requirement, e.Reason));
                Shortfalls++;
                Note(at, e.Kind, incident, $"缺口 shortfall · {SkillOf(requirement)}: {e.Reason}");
                break;
            case AuditKinds.RequirementFilled:
                Note(at, e.Kind, incident, $"需求满员 filled · {SkillOf(new RequirementId(p.GetProperty("requirement").GetInt64()))}");
                break;
            case AuditKinds.Escalated:
                Note(at, e.Kind, incident, $"升级 escalation · {SkillOf(new RequirementId(p.GetProperty("requirement").GetInt64()))}: {e.Reason}");
                break;
            case AuditKinds.EscalationExhausted:
                Note(at, e.Kind, incident, $"升级用尽 escalation exhausted: {e.Reason}");
                break;
        }
    }

    /// <summary>The payload's withdraw reason, written as the enum name or as the record's stored name.</summary>
    private static WithdrawReason WithdrawReasonOf(JsonElement payload)
    {
        if (!payload.TryGetProperty("withdrawReason", out var value) || value.GetString() is not { } text)
        {
            return WithdrawReason.Commander;
        }

        if (Enum.TryParse<WithdrawReason>(text, ignoreCase: true, out var reason) && Enum.IsDefined(reason))
        {
            return reason;
        }

        return Enum.GetValues<WithdrawReason>().FirstOrDefault(r => string.Equals(r.Name(), text, StringComparison.Ordinal), WithdrawReason.Commander);
    }

    private void Open(TimeSpan at, string incident, RequirementId id, Skill skill, int level, int seats)
    {
        _requirements[id] = new DrillRequirementInfo(id, incident, skill, level);
        Log.Add(new DrillEvent.RequirementOpened(at, id, incident, skill, seats));
    }

    /// <summary>The minimum level the incident's current plan sets for a skill a re-plan added.</summary>
    private int MinLevelOf(AuditEvent e, Skill skill)
    {
        var (_, typeKey, _, severity) = _incidents[e.Incident!.Value];
        return world.Services.Book.Expand(typeKey, severity).Requirements.FirstOrDefault(r => r.Skill == skill)?.MinLevel.Value ?? 1;
    }

    private string SkillOf(RequirementId id) =>
        _requirements.TryGetValue(id, out var r) ? catalog.Find(r.Skill)?.NameZh ?? r.Skill.ToString() : id.ToString();

    private void Sent(AuditEvent e, TimeSpan at, RequirementId requirement)
    {
        var offer = e.Offer!.Value;
        var volunteer = e.Volunteer!.Value;
        Log.Add(new DrillEvent.OfferSent(at, offer, requirement, volunteer));
        OffersPerVolunteer[volunteer] = OffersPerVolunteer.GetValueOrDefault(volunteer) + 1;
        var (_, _, location, severity) = _incidents[e.Incident!.Value];
        var position = world.Live.Pool.LastKnown(volunteer);
        if (_losses.Any(l => l.Covers(position, at)))
        {
            return; // not delivered: the offer expires unanswered
        }

        var answer = _simulator.Answer(new SimulatedOffer(volunteer, offer, Haversine.Distance(position, location), severity, e.At));
        _answers[offer] = answer;
        if (answer.AnswerAt is { } answerAt && !_losses.Any(l => l.Covers(position, Offset(answerAt))))
        {
            agenda.Add(answerAt, new DrillStep.Answer(offer, volunteer, answer.Reaction == SimulatedReaction.Accept));
        }
    }

    private void Travel(OfferId offer, VolunteerId volunteer, DateTimeOffset acceptedAt)
    {
        agenda.Add(acceptedAt, new DrillStep.EnRoute(offer, volunteer));
        if (_answers.TryGetValue(offer, out var answer) && !answer.NoShow)
        {
            agenda.Add(acceptedAt + answer.Travel, new DrillStep.Arrive(offer, volunteer));
        }
        else
        {
            NoShows++;
        }
    }

    internal static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
