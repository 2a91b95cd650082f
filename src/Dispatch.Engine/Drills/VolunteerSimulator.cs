using Dispatch.Engine.Geo;
using Dispatch.Engine.Pool;
using Dispatch.Engine.Pool.Generation;

namespace Dispatch.Engine.Drills;

/// <summary>
/// Plays the volunteers of a drill. Every decision is a pure function of (scenario seed, volunteer id, offer id):
/// the same offer always gets the same answer, whatever else happened in the run and in whichever order the runner
/// asks, so a drill replays bit for bit. Uses one xoshiro256** stream per (volunteer, offer) pair.
/// </summary>
/// <remarks>Immutable and thread-safe. O(1) per offer; <see cref="PickOffDuty"/> is O(n log n).</remarks>
public sealed class VolunteerSimulator
{
    // Domain tags keep the offer, off-duty and location streams apart even when their ids coincide.
    private const ulong OfferDomain = 0x6F66666572UL;
    private const ulong OffDutyDomain = 0x6F66666475747900UL;
    private const ulong LocationDomain = 0x6C6F636174696F6EUL;

    public VolunteerSimulator(VolunteerBehaviour behaviour, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(behaviour);
        Behaviour = behaviour;
        Seed = seed;
    }

    /// <summary>A simulator for a scenario's behaviour and seed.</summary>
    public static VolunteerSimulator For(DrillScenario scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        return new VolunteerSimulator(scenario.Behaviour, scenario.Seed);
    }

    public VolunteerBehaviour Behaviour { get; }

    public ulong Seed { get; }

    /// <summary>Decides how the volunteer answers the offer.</summary>
    public SimulatedAnswer Answer(SimulatedOffer offer)
    {
        var rng = new Xoshiro256(Seed, Mix(OfferDomain, (ulong)offer.Volunteer.Value, (ulong)offer.Offer.Value));

        // Always draw all four numbers in this order, so each aspect is independent of the others' branches.
        double accept = rng.NextDouble();
        double silence = rng.NextDouble();
        double z = rng.NextGaussianPair().A;
        double noShow = rng.NextDouble();

        var reaction = accept < Behaviour.Acceptance.Probability(offer.Distance, offer.Severity)
            ? SimulatedReaction.Accept
            : silence < Behaviour.Acceptance.SilenceShare ? SimulatedReaction.Silent : SimulatedReaction.Decline;
        bool accepted = reaction == SimulatedReaction.Accept;
        return new SimulatedAnswer(
            reaction,
            Behaviour.AnswerDelay.FromStandardNormal(z),
            accepted && noShow < Behaviour.NoShowRate,
            accepted ? TravelTime(offer.Distance) : TimeSpan.Zero,
            offer.SentAt);
    }

    /// <summary>Straight-line travel time at the behaviour's speed, rounded to whole seconds.</summary>
    public TimeSpan TravelTime(Meters distance) =>
        TimeSpan.FromSeconds(Math.Round(Math.Max(0, distance.Value) / (Behaviour.TravelSpeedKmh / 3.6)));

    /// <summary>
    /// Who goes off duty for an <see cref="Injection.OffDuty"/>: of <paramref name="onDutyInArea"/> (the volunteers on duty
    /// inside its area when it fires), the <c>Count</c> — or round(<c>Share</c> × n) — with the lowest draws from the stream
    /// (seed, <paramref name="injectionIndex"/>, volunteer); ties by id. Independent of the input order.
    /// </summary>
    public IReadOnlyList<VolunteerId> PickOffDuty(IEnumerable<VolunteerId> onDutyInArea, Injection.OffDuty injection, int injectionIndex)
    {
        ArgumentNullException.ThrowIfNull(onDutyInArea);
        ArgumentNullException.ThrowIfNull(injection);
        var candidates = onDutyInArea.Distinct().ToArray();
        int take = injection.Count is { } count
            ? Math.Min(count, candidates.Length)
            : (int)Math.Round(injection.Share!.Value * candidates.Length, MidpointRounding.AwayFromZero);
        return [.. candidates
            .Select(v => (Volunteer: v, Draw: new Xoshiro256(Seed, Mix(OffDutyDomain, (ulong)injectionIndex, (ulong)v.Value)).NextUInt64()))
            .OrderBy(x => x.Draw).ThenBy(x => x.Volunteer.Value)
            .Take(take)
            .Select(x => x.Volunteer)];
    }

    /// <summary>The point an injected incident is created at: its location jittered, deterministically per scenario id.</summary>
    public GeoPoint IncidentPoint(Injection.Incident incident)
    {
        ArgumentNullException.ThrowIfNull(incident);
        ulong salt = LocationDomain;
        foreach (char c in incident.ScenarioId)
        {
            salt = Mix(salt, c, 0);
        }

        return incident.Location.Resolve(Seed, salt);
    }

    /// <summary>A SplitMix64-style finaliser over three words: a well-spread stream id for each pair.</summary>
    private static ulong Mix(ulong domain, ulong a, ulong b)
    {
        ulong z = domain ^ (a * 0x9E3779B97F4A7C15UL) ^ (b * 0xC2B2AE3D27D4EB4FUL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
