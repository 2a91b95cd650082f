using Dispatch.Engine.Dispatching;
using Dispatch.Engine.Drills;
using Dispatch.Engine.Geo;
using Dispatch.Engine.Pool;
using Dispatch.Engine.PrePlans;
using FsCheck;
using FsCheck.Xunit;

namespace Dispatch.Engine.Tests.Drills;

public sealed class VolunteerSimulatorTests
{
    private static readonly DateTimeOffset Start = new(2025, 7, 1, 8, 0, 0, TimeSpan.FromHours(8));
    private static readonly VolunteerSimulator Simulator = new(DrillScenarioBuilder.DefaultBehaviour, seed: 42);

    private static SimulatedOffer Offer(int volunteer, long offer, double km, Severity severity = Severity.Major) =>
        new(new VolunteerId(volunteer), new OfferId(offer), Meters.FromKilometers(km), severity, Start);

    [Property(MaxTest = 200)]
    public void Answer_SameSeedVolunteerAndOffer_SameAnswerFromAnyInstance(NonNegativeInt volunteer, PositiveInt offer, byte km)
    {
        var other = new VolunteerSimulator(DrillScenarioBuilder.Behaviour(), seed: 42);
        var first = Simulator.Answer(Offer(volunteer.Get, offer.Get, km));

        Simulator.Answer(Offer(volunteer.Get + 1, offer.Get, km)); // asking about others changes nothing
        Assert.Equal(first, Simulator.Answer(Offer(volunteer.Get, offer.Get, km)));
        Assert.Equal(first, other.Answer(Offer(volunteer.Get, offer.Get, km)));
    }

    [Fact]
    public void Answer_DifferentSeed_DifferentAnswers()
    {
        var other = new VolunteerSimulator(DrillScenarioBuilder.DefaultBehaviour, seed: 43);

        int differ = Enumerable.Range(0, 200).Count(v => Simulator.Answer(Offer(v, 1, 5)) != other.Answer(Offer(v, 1, 5)));
        Assert.True(differ > 150, $"only {differ} of 200 answers differ");
    }

    [Property(MaxTest = 300)]
    public void Probability_FartherAway_NeverHigher(NormalFloat a, NormalFloat b, Severity severity)
    {
        var s = (Severity)(((int)severity % 4 + 4) % 4 + 1);
        var curve = DrillScenarioBuilder.DefaultBehaviour.Acceptance;
        double near = Math.Abs(a.Get) % 200_000;
        double far = near + (Math.Abs(b.Get) % 200_000);

        Assert.True(curve.Probability(new Meters(far), s) <= curve.Probability(new Meters(near), s));
        Assert.Equal(curve.Base(s), curve.Probability(Meters.Zero, s), 12);
    }

    [Fact]
    public void Probability_HigherSeverity_HigherAtSameDistance()
    {
        var curve = DrillScenarioBuilder.DefaultBehaviour.Acceptance;

        Assert.True(curve.Probability(Meters.FromKilometers(10), Severity.Critical) > curve.Probability(Meters.FromKilometers(10), Severity.Minor));
        Assert.True(curve.Probability(Meters.FromKilometers(100), Severity.Critical) < 1e-6);
    }

    [Fact]
    public void Answer_ManyOffers_AcceptanceFallsWithDistance()
    {
        double[] rates = new double[] { 2, 15, 30 }.Select(km => AcceptRate(km)).ToArray();
        var curve = DrillScenarioBuilder.DefaultBehaviour.Acceptance;

        Assert.True(rates[0] > rates[1] && rates[1] > rates[2], string.Join(", ", rates));
        Assert.Equal(curve.Probability(Meters.FromKilometers(15), Severity.Major), rates[1], 0.02);

        static double AcceptRate(double km) =>
            Enumerable.Range(0, 10_000).Count(v => Simulator.Answer(Offer(v, 7, km)).Reaction == SimulatedReaction.Accept) / 10_000.0;
    }

    [Fact]
    public void Answer_ManyOffers_DelayMedianAndP90MatchDeclared()
    {
        // 20,000 draws: the sample quantiles' standard errors are below 1 %, so 5 % is a wide, non-flaky margin.
        var delays = Enumerable.Range(0, 20_000).Select(v => Simulator.Answer(Offer(v, v + 1L, 5)).Delay.TotalSeconds).Order().ToArray();

        Assert.Equal(40, delays[delays.Length / 2], 40 * 0.05);
        Assert.Equal(120, delays[(int)(delays.Length * 0.9)], 120 * 0.05);
    }

    [Fact]
    public void Answer_ManyOffers_NoShowAndSilenceSharesMatchDeclared()
    {
        var answers = Enumerable.Range(0, 20_000).Select(v => Simulator.Answer(Offer(v, 3, 10))).ToArray();
        var accepted = answers.Where(a => a.Reaction == SimulatedReaction.Accept).ToArray();
        var refused = answers.Where(a => a.Reaction != SimulatedReaction.Accept).ToArray();

        Assert.Equal(0.05, accepted.Count(a => a.NoShow) / (double)accepted.Length, 0.01);
        Assert.Equal(0.3, refused.Count(a => a.Reaction == SimulatedReaction.Silent) / (double)refused.Length, 0.02);
        Assert.All(refused, a => Assert.False(a.NoShow));
        Assert.All(answers.Where(a => a.Reaction == SimulatedReaction.Silent), a => Assert.Null(a.AnswerAt));
    }

    [Fact]
    public void Answer_Accepted_TravelAtDeclaredSpeed()
    {
        var answer = Enumerable.Range(0, 100).Select(v => Simulator.Answer(Offer(v, 1, 1))).First(a => a.Reaction == SimulatedReaction.Accept && !a.NoShow);

        Assert.Equal(TimeSpan.FromMinutes(2), answer.Travel); // 1 km at 30 km/h
        Assert.Equal(Start + answer.Delay + answer.Travel, answer.ArrivesAt);
    }

    [Fact]
    public void PickOffDuty_ShuffledInput_SameVolunteersAndExactShare()
    {
        var area = new DrillArea(DrillScenarioBuilder.Jiangxinzhou, Meters.FromKilometers(5));
        var injection = new Injection.OffDuty(TimeSpan.Zero, area, 0.3, null, "");
        var ids = Enumerable.Range(0, 1_001).Select(i => new VolunteerId(i)).ToArray();

        var picked = Simulator.PickOffDuty(ids, injection, 3);
        var again = Simulator.PickOffDuty(ids.Reverse(), injection, 3);

        Assert.Equal(300, picked.Count); // round(0.3 × 1001) = 300
        Assert.Equal(picked, again);
        Assert.NotEqual(picked, Simulator.PickOffDuty(ids, injection, 4));
        Assert.Equal(5, Simulator.PickOffDuty(ids[..5], new Injection.OffDuty(TimeSpan.Zero, area, null, 50, ""), 3).Count);
    }

    [Fact]
    public void IncidentPoint_Jitter_DeterministicAndInsideRadius()
    {
        var incident = DrillScenarioBuilder.Incident("flood_a", TimeSpan.Zero);

        var point = Simulator.IncidentPoint(incident);

        Assert.Equal(point, new VolunteerSimulator(DrillScenarioBuilder.DefaultBehaviour, 42).IncidentPoint(incident));
        Assert.NotEqual(incident.Location.Point, point);
        Assert.True(Haversine.Distance(incident.Location.Point, point) <= new Meters(301));
        Assert.NotEqual(point, Simulator.IncidentPoint(DrillScenarioBuilder.Incident("flood_b", TimeSpan.Zero)));
    }
}
