using Dispatch.Engine.Geo;
using Dispatch.Engine.PrePlans;

namespace Dispatch.Engine.Drills;

/// <summary>
/// One scripted event on a drill's timeline, at an offset from the drill's start on the virtual clock.
/// The cases are closed: incident, severity change, connectivity loss, volunteers going off duty.
/// </summary>
public abstract record Injection
{
    private protected Injection(TimeSpan at)
    {
        if (at < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(at), at, "An injection's time offset cannot be negative.");
        }

        At = at;
    }

    /// <summary>Offset from the drill's start.</summary>
    public TimeSpan At { get; }

    /// <summary>A commander opens an incident (突发事件). The runner calls the real CreateIncident use case with it.</summary>
    public sealed record Incident : Injection
    {
        /// <param name="at">Offset from the start.</param>
        /// <param name="scenarioId">Id within the scenario, referenced by later severity changes (a key).</param>
        /// <param name="typeKey">Incident type key of the pre-plan book (<c>flood</c>).</param>
        /// <param name="severity">Initial severity.</param>
        /// <param name="location">Where, with jitter.</param>
        /// <param name="commandAuthority">The command body it is dispatched under (志愿服务条例 Art. 24).</param>
        /// <param name="notes">Commander's notes (may be empty).</param>
        public Incident(TimeSpan at, string scenarioId, string typeKey, Severity severity, DrillLocation location, string commandAuthority, string notes)
            : base(at)
        {
            DrillChecks.Key(scenarioId, "Scenario incident id", nameof(scenarioId));
            if (!IncidentType.IsValidKey(typeKey))
            {
                throw new ArgumentException($"Incident type key '{typeKey}' is invalid.", nameof(typeKey));
            }

            ArgumentNullException.ThrowIfNull(location);
            ArgumentException.ThrowIfNullOrWhiteSpace(commandAuthority);
            ArgumentNullException.ThrowIfNull(notes);
            ScenarioId = scenarioId;
            TypeKey = typeKey;
            Severity = severity.EnsureDefined(nameof(severity));
            Location = location;
            CommandAuthority = commandAuthority;
            Notes = notes;
        }

        public string ScenarioId { get; }

        public string TypeKey { get; }

        public Severity Severity { get; }

        public DrillLocation Location { get; }

        public string CommandAuthority { get; }

        public string Notes { get; }
    }

    /// <summary>The commander changes the severity of an earlier incident (re-plans its requirements).</summary>
    public sealed record SeverityChange : Injection
    {
        public SeverityChange(TimeSpan at, string incidentId, Severity severity, string reason)
            : base(at)
        {
            DrillChecks.Key(incidentId, "Scenario incident id", nameof(incidentId));
            ArgumentNullException.ThrowIfNull(reason);
            IncidentId = incidentId;
            Severity = severity.EnsureDefined(nameof(severity));
            Reason = reason;
        }

        /// <summary>The <see cref="Incident.ScenarioId"/> of an incident injected earlier.</summary>
        public string IncidentId { get; }

        public Severity Severity { get; }

        public string Reason { get; }
    }

    /// <summary>
    /// A fault: volunteers inside <see cref="Area"/> are unreachable for <see cref="Duration"/>: offers sent to them
    /// in that window are not delivered (they expire unanswered), and answers are not heard.
    /// </summary>
    public sealed record ConnectivityLoss : Injection
    {
        public ConnectivityLoss(TimeSpan at, DrillArea area, TimeSpan duration, string note)
            : base(at)
        {
            ArgumentNullException.ThrowIfNull(area);
            ArgumentNullException.ThrowIfNull(note);
            Area = area;
            Duration = DrillChecks.Positive(duration, "A connectivity loss's duration", nameof(duration));
            Note = note;
        }

        public DrillArea Area { get; }

        public TimeSpan Duration { get; }

        public string Note { get; }

        /// <summary>The offset at which connectivity returns.</summary>
        public TimeSpan Until => At + Duration;

        /// <summary>True when a volunteer at <paramref name="position"/> is cut off at offset <paramref name="time"/>.</summary>
        public bool Covers(GeoPoint position, TimeSpan time) => time >= At && time < Until && Area.Contains(position);
    }

    /// <summary>
    /// A batch of volunteers inside <see cref="Area"/> goes off duty (their own homes flooded, the typhoon closes
    /// roads): either a <see cref="Share"/> of those on duty there or a fixed <see cref="Count"/>; exactly one is set.
    /// Volunteers already committed finish their assignment.
    /// </summary>
    public sealed record OffDuty : Injection
    {
        public OffDuty(TimeSpan at, DrillArea area, double? share, int? count, string note)
            : base(at)
        {
            ArgumentNullException.ThrowIfNull(area);
            ArgumentNullException.ThrowIfNull(note);
            if (share.HasValue == count.HasValue)
            {
                throw new ArgumentException("Going off duty names exactly one of a share or a count.", nameof(share));
            }

            if (share is { } s && (!double.IsFinite(s) || s <= 0 || s > 1))
            {
                throw new ArgumentOutOfRangeException(nameof(share), s, "The share going off duty must lie in (0, 1].");
            }

            if (count is < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(count), count, "The number going off duty must be at least 1.");
            }

            Area = area;
            Share = share;
            Count = count;
            Note = note;
        }

        public DrillArea Area { get; }

        public double? Share { get; }

        public int? Count { get; }

        public string Note { get; }
    }
}
