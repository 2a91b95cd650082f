using Dispatch.Engine.Geo;
using Dispatch.Engine.Matching;
using Dispatch.Engine.Pool;

namespace Dispatch.Engine.Tests.Matching;

/// <summary>Builds random pools, queries and updates from a seed, for property-based tests of the index.</summary>
internal sealed class RandomPool
{
    public static readonly DateTimeOffset Now = new(2026, 6, 1, 9, 30, 0, TimeSpan.FromHours(8));

    private readonly Random _random;

    public RandomPool(int seed) => _random = new Random(seed);

    public Random Random => _random;

    public VolunteerPool Build(int count)
    {
        var pool = new VolunteerPool(SkillCatalog.Default, count);
        for (int i = 0; i < count; i++)
        {
            pool.Add(RandomVolunteer(new VolunteerId(i)));
        }

        return pool;
    }

    public Volunteer RandomVolunteer(VolunteerId id)
    {
        var r = _random;
        var skills = new List<VolunteerSkill>();
        foreach (var d in SkillCatalog.Default.All)
        {
            if (r.NextDouble() < 0.45)
            {
                skills.Add(new VolunteerSkill(d.Skill, new SkillLevel(r.Next(1, 4)), RandomDate(-60, 700, noneChance: 0.05)));
            }
        }

        var position = RandomPoint();
        return new Volunteer
        {
            Id = id,
            City = (byte)r.Next(0, 13),
            BirthDate = DateOnly.FromDateTime(Now.DateTime).AddDays(-r.Next(15 * 365, 70 * 365)),
            Home = position,
            LastKnown = position,
            LastSeenAt = r.NextDouble() < 0.05 ? null : Now.AddMinutes(-r.Next(0, 150)),
            Skills = skills,
            InsuranceValidUntil = RandomDate(-30, 400, noneChance: 0.1),
            Duty = r.NextDouble() < 0.7 ? DutyState.OnDuty : DutyState.OffDuty,
            Commitment = r.NextDouble() < 0.8 ? CommitmentState.Free : (CommitmentState)r.Next(1, 3),
            RestingUntil = r.NextDouble() < 0.15 ? Now.AddMinutes(r.Next(-120, 120)) : null,
            HoursLast7Days = r.NextDouble() < 0.5 ? 0 : Math.Round(r.NextDouble() * 50, 1),
            OffersReceived = r.Next(0, 30),
            OffersAccepted = r.Next(0, 30),
        };
    }

    /// <summary>Mostly around Nanjing, some scattered over the province, a few outside the index grid.</summary>
    public GeoPoint RandomPoint()
    {
        var r = _random;
        double u = r.NextDouble();
        if (u < 0.8)
        {
            return new GeoPoint(32.06 + ((r.NextDouble() - 0.5) * 0.5), 118.80 + ((r.NextDouble() - 0.5) * 0.6));
        }

        if (u < 0.95)
        {
            return new GeoPoint(30.8 + (r.NextDouble() * 4.3), 116.4 + (r.NextDouble() * 5.4));
        }

        return new GeoPoint(28 + (r.NextDouble() * 10), 114 + (r.NextDouble() * 10));
    }

    public MatchQuery RandomQuery()
    {
        var r = _random;
        var skill = SkillCatalog.Default.All[r.Next(SkillCatalog.Default.All.Count)].Skill;
        var weights = r.Next(4) switch
        {
            0 => ScoreWeights.Default,
            1 => new ScoreWeights(1, 0, 0, 0),
            2 => new ScoreWeights(0, 1, 0, 0), // only the level counts: many exact ties, decided by id
            _ => new ScoreWeights(r.NextDouble(), r.NextDouble(), r.NextDouble(), r.NextDouble() + 0.01),
        };
        return new MatchQuery(
            RandomPoint(),
            skill,
            new SkillLevel(r.Next(1, 4)),
            Meters.FromKilometers(0.5 + (r.NextDouble() * 80)),
            r.Next(1, 25),
            Now.AddMinutes(r.Next(-30, 30)))
        {
            Hazardous = r.NextDouble() < 0.5,
            Weights = weights,
        };
    }

    /// <summary>Applies one random change through the pool's mutation methods.</summary>
    public void RandomUpdate(VolunteerPool pool)
    {
        var r = _random;
        var id = new VolunteerId(r.Next(pool.Count));
        switch (r.Next(8))
        {
            case 0:
            case 1:
                pool.MoveTo(id, RandomPoint(), Now.AddMinutes(-r.Next(0, 90)));
                break;
            case 2:
                pool.SetDuty(id, pool.Duty(id) == DutyState.OnDuty ? DutyState.OffDuty : DutyState.OnDuty);
                break;
            case 3:
                pool.SetCommitment(id, (CommitmentState)r.Next(0, 3));
                break;
            case 4:
                pool.RecordRelease(id, Now.AddMinutes(-r.Next(0, 300)), r.NextDouble() * 45, Now.AddMinutes(r.Next(-60, 60)));
                break;
            case 5:
                pool.RecordOfferOutcome(id, r.NextDouble() < 0.6);
                break;
            case 6:
                var skill = SkillCatalog.Default.All[r.Next(4)].Skill;
                pool.SetSkill(id, skill, r.NextDouble() < 0.2 ? null : new SkillLevel(r.Next(1, 4)), RandomDate(-30, 300, 0.1));
                break;
            default:
                pool.SetInsurance(id, RandomDate(-10, 200, 0.1));
                break;
        }
    }

    private DateOnly? RandomDate(int fromDays, int toDays, double noneChance) =>
        _random.NextDouble() < noneChance ? null : DateOnly.FromDateTime(Now.DateTime).AddDays(_random.Next(fromDays, toDays));
}
