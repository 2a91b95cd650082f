namespace Dispatch.Engine.Drills;

/// <summary>
/// A drill scenario (演练脚本): metadata, the pool, simulated behaviour, a timeline of injections, scoring targets and
/// the declared score band. Immutable; validated on construction so a runner never meets a half-valid script.
/// </summary>
/// <remarks>
/// Rules checked: incident scenario ids are unique; a severity change names an incident injected strictly earlier
/// (or earlier in the list at the same offset); every injection happens before <see cref="Duration"/> ends;
/// at least one incident and one target. The timeline is kept in time order (stable for equal offsets).
/// </remarks>
public sealed record DrillScenario
{
    /// <summary>Longest drill: three virtual days.</summary>
    public static readonly TimeSpan MaxDuration = TimeSpan.FromDays(3);

    public DrillScenario(
        DrillMetadata metadata,
        DrillPoolSource pool,
        ulong seed,
        VolunteerBehaviour behaviour,
        TimeSpan duration,
        IReadOnlyList<Injection> timeline,
        IReadOnlyList<ScoringTarget> targets,
        ScoreBand band)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        ArgumentNullException.ThrowIfNull(pool);
        ArgumentNullException.ThrowIfNull(behaviour);
        ArgumentNullException.ThrowIfNull(timeline);
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentNullException.ThrowIfNull(band);
        if (duration <= TimeSpan.Zero || duration > MaxDuration)
        {
            throw new ArgumentOutOfRangeException(nameof(duration), duration, "A drill lasts more than 0 and at most 3 days.");
        }

        var ordered = timeline.Select((injection, index) => (injection, index))
            .OrderBy(x => x.injection.At).ThenBy(x => x.index).Select(x => x.injection).ToArray();
        ValidateTimeline(ordered, duration);
        if (targets.Count == 0)
        {
            throw new ArgumentException("A drill has at least one scoring target.", nameof(targets));
        }

        Metadata = metadata;
        Pool = pool;
        Seed = seed;
        Behaviour = behaviour;
        Duration = duration;
        Timeline = ordered;
        Targets = [.. targets];
        Band = band;
    }

    public DrillMetadata Metadata { get; }

    public DrillPoolSource Pool { get; }

    /// <summary>The drill's seed: volunteer answers and location jitter are drawn from it (the pool has its own).</summary>
    public ulong Seed { get; }

    public VolunteerBehaviour Behaviour { get; }

    /// <summary>How long the drill runs on the virtual clock; the score is taken at its end.</summary>
    public TimeSpan Duration { get; }

    /// <summary>The injections in time order.</summary>
    public IReadOnlyList<Injection> Timeline { get; }

    public IReadOnlyList<ScoringTarget> Targets { get; }

    public ScoreBand Band { get; }

    /// <summary>The incident injections in time order.</summary>
    public IEnumerable<Injection.Incident> Incidents => Timeline.OfType<Injection.Incident>();

    private static void ValidateTimeline(Injection[] ordered, TimeSpan duration)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var injection in ordered)
        {
            ArgumentNullException.ThrowIfNull(injection, "timeline");
            if (injection.At >= duration)
            {
                throw new ArgumentException($"An injection at {injection.At} is not before the drill's end ({duration}).", "timeline");
            }

            switch (injection)
            {
                case Injection.Incident incident when !seen.Add(incident.ScenarioId):
                    throw new ArgumentException($"Incident id '{incident.ScenarioId}' is used twice.", "timeline");
                case Injection.SeverityChange change when !seen.Contains(change.IncidentId):
                    throw new ArgumentException(
                        $"The severity change at {change.At} names incident '{change.IncidentId}', which is not injected before it.", "timeline");
            }
        }

        if (seen.Count == 0)
        {
            throw new ArgumentException("A drill injects at least one incident.", "timeline");
        }
    }
}
