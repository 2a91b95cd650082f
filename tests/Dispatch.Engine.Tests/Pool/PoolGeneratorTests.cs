using Dispatch.Engine.Geo;
using Dispatch.Engine.Pool;

namespace Dispatch.Engine.Tests.Pool;

public sealed class PoolGeneratorTests
{
    // Crosses three 64 Ki chunks and a city boundary inside a chunk.
    private const int SmallCount = 150_000;

    [Fact]
    public void Generate_SameSeed_IdenticalSnapshotBytes()
    {
        var a = GeneratedPools.SnapshotBytes(PoolGenerator.Generate(GeneratedPools.Options(SmallCount, seed: 7)));
        var b = GeneratedPools.SnapshotBytes(PoolGenerator.Generate(GeneratedPools.Options(SmallCount, seed: 7)));
        Assert.Equal(a, b);
    }

    [Fact]
    public void Generate_DifferentSeeds_DifferentSnapshotBytes()
    {
        var a = GeneratedPools.SnapshotBytes(PoolGenerator.Generate(GeneratedPools.Options(SmallCount, seed: 7)));
        var b = GeneratedPools.SnapshotBytes(PoolGenerator.Generate(GeneratedPools.Options(SmallCount, seed: 8)));
        Assert.Equal(a.Length, b.Length);
        Assert.NotEqual(a, b);
    }

    [Fact]
    public void Generate_OneThreadOrMany_IdenticalSnapshotBytes()
    {
        var sequential = PoolGenerator.Generate(GeneratedPools.Options(SmallCount, seed: 3) with { MaxDegreeOfParallelism = 1 });
        var parallel = PoolGenerator.Generate(GeneratedPools.Options(SmallCount, seed: 3) with { MaxDegreeOfParallelism = 4 });
        Assert.Equal(GeneratedPools.SnapshotBytes(sequential), GeneratedPools.SnapshotBytes(parallel));
    }

    [Fact]
    public void Generate_Progress_ReportsEveryVolunteer()
    {
        var progress = new MaxProgress();
        PoolGenerator.Generate(GeneratedPools.Options(SmallCount, seed: 1), progress);
        Assert.Equal(SmallCount, progress.Max);
    }

    [Fact]
    public void Generate_NonPositiveVolunteers_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => PoolGenerator.Generate(GeneratedPools.Options(0, seed: 1)));
    }

    [Fact]
    public void Generate_UnknownAdcode_Throws()
    {
        Assert.Throws<ArgumentException>(() => PoolGenerator.Generate(GeneratedPools.Options(100, seed: 1) with { Cities = [999999] }));
    }

    [Fact]
    public void Generate_CitySubset_OnlyThoseCitiesAndTheirTeams()
    {
        var pool = PoolGenerator.Generate(GeneratedPools.Options(10_000, seed: 1) with { Cities = [320500, 320100] });
        var counts = CityCounts(pool);
        Assert.Equal(10_000, counts[0] + counts[4]);
        Assert.Equal(Math.Round(10_000 * 9.31 / (9.31 + 12.75)), counts[0]);
        Assert.All(pool.Teams, t => Assert.Contains(t.City, new byte[] { 0, 4 }));
    }

    [Fact]
    public void Generate_TinyPool_EveryVolunteerHasATeamInTheirCity()
    {
        var pool = PoolGenerator.Generate(GeneratedPools.Options(20, seed: 1));
        Assert.Equal(20, pool.Count);
        for (int v = 0; v < pool.Count; v++)
        {
            var volunteer = pool.Get(new VolunteerId(v));
            Assert.Equal(volunteer.City, pool.Teams[volunteer.Team.Value].City);
        }
    }

    [Fact]
    public void Generate_200k_CitySharesWithinOnePercentOfPopulation()
    {
        var pool = GeneratedPools.TwoHundredThousand;
        var counts = CityCounts(pool);
        double population = JiangsuCity.All.Sum(c => (double)c.Population);
        Assert.Equal(pool.Count, counts.Sum());
        foreach (var city in JiangsuCity.All)
        {
            Assert.InRange((counts[city.Index] / (double)pool.Count) - (city.Population / population), -0.01, 0.01);
        }
    }

    [Fact]
    public void Generate_200k_OnDutyBetweenFiveAndTenPercent()
    {
        var pool = GeneratedPools.TwoHundredThousand;
        Assert.InRange(Share(pool, v => pool.Duty(v) == DutyState.OnDuty), 0.05, 0.10);
    }

    [Fact]
    public void Generate_200k_PsychologicalIsTheRarestSkill()
    {
        var pool = GeneratedPools.TwoHundredThousand;
        var holders = pool.Catalog.All.ToDictionary(d => d.Skill, d => Share(pool, v => pool.LevelOf(v, d.Skill) is not null));
        Assert.Equal(Skill.Psychological, holders.MinBy(h => h.Value).Key);
        Assert.Equal(Skill.Rescue, holders.MaxBy(h => h.Value).Key);
    }

    [Fact]
    public void Generate_200k_MinorsPresentAtAboutTwoPercentAndAgesSixteenToSeventy()
    {
        var pool = GeneratedPools.TwoHundredThousand;
        var today = PoolTime.ChinaDate(GeneratedPools.Now);
        int minors = 0;
        for (int v = 0; v < pool.Count; v++)
        {
            var birth = pool.Get(new VolunteerId(v)).BirthDate;
            int age = today.Year - birth.Year - (today < birth.AddYears(today.Year - birth.Year) ? 1 : 0);
            Assert.InRange(age, 16, 70);
            minors += age < 18 ? 1 : 0;
        }

        Assert.InRange(minors / (double)pool.Count, 0.015, 0.025);
    }

    [Fact]
    public void Generate_200k_ExpiredAndMissingCertificationsAndInsurancePresent()
    {
        var pool = GeneratedPools.TwoHundredThousand;
        var today = PoolTime.ChinaDate(GeneratedPools.Now);
        var sample = Enumerable.Range(0, pool.Count).Select(v => pool.Get(new VolunteerId(v))).ToList();
        double expiredCerts = sample.SelectMany(x => x.Skills).Average(s => s.CertificationValidUntil < today ? 1.0 : 0.0);
        Assert.InRange(expiredCerts, 0.05, 0.09);
        Assert.InRange(sample.Average(x => x.InsuranceValidUntil is null ? 1.0 : 0.0), 0.03, 0.05);
        Assert.InRange(sample.Average(x => x.InsuranceValidUntil < today ? 1.0 : 0.0), 0.05, 0.07);
        Assert.All(sample, x => Assert.NotEmpty(x.Skills));
    }

    [Fact]
    public void Generate_200k_EveryTeamLedByAnAdultMember()
    {
        var pool = GeneratedPools.TwoHundredThousand;
        var adultBornBy = PoolTime.ChinaDate(GeneratedPools.Now).AddYears(-18);
        Assert.InRange(pool.Teams.Count, (pool.Count / 200) - 13, (pool.Count / 200) + 13);
        foreach (var team in pool.Teams)
        {
            var leader = pool.Get(Assert.NotNull(team.Leader));
            Assert.Equal(team.Id, leader.Team);
            Assert.True(leader.BirthDate <= adultBornBy, $"{team.Name} is led by a minor.");
            Assert.Contains(team.Type, new[] { "救援", "医疗", "消防", "心理", "综合" });
            Assert.EndsWith("队", team.Name, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Generate_200k_EveryVolunteerInATeamOfTheirCityInsideJiangsu()
    {
        var pool = GeneratedPools.TwoHundredThousand;
        for (int v = 0; v < pool.Count; v++)
        {
            var x = pool.Get(new VolunteerId(v));
            Assert.Equal(x.City, pool.Teams[x.Team.Value].City);
            Assert.InRange(x.Home.Latitude, 30.7 - 1e-5, 35.2 + 1e-5);
            Assert.InRange(x.Home.Longitude, 116.3 - 1e-5, 121.9 + 1e-5);
        }
    }

    [Fact]
    public void Generate_200k_OnDutyMostlyFreshAndFewCommitted()
    {
        var pool = GeneratedPools.TwoHundredThousand;
        var onDuty = Enumerable.Range(0, pool.Count).Select(v => pool.Get(new VolunteerId(v))).Where(x => x.Duty == DutyState.OnDuty).ToList();
        double fresh = onDuty.Average(x => x.LastSeenAt >= GeneratedPools.Now.AddMinutes(-30) ? 1.0 : 0.0);
        Assert.InRange(fresh, 0.92, 0.98);
        Assert.InRange(onDuty.Average(x => x.Commitment == CommitmentState.Free ? 0.0 : 1.0), 0.003, 0.02);
        Assert.InRange(onDuty.Average(x => x.RestingUntil > GeneratedPools.Now ? 1.0 : 0.0), 0.01, 0.03);
        Assert.All(onDuty, x => Assert.True(x.OffersAccepted <= x.OffersReceived && x.OffersReceived <= 50));
    }

    private static int[] CityCounts(VolunteerPool pool)
    {
        var counts = new int[JiangsuCity.All.Count];
        for (int v = 0; v < pool.Count; v++)
        {
            counts[pool.City(new VolunteerId(v))]++;
        }

        return counts;
    }

    private static double Share(VolunteerPool pool, Func<VolunteerId, bool> predicate)
    {
        int n = 0;
        for (int v = 0; v < pool.Count; v++)
        {
            n += predicate(new VolunteerId(v)) ? 1 : 0;
        }

        return n / (double)pool.Count;
    }

    private sealed class MaxProgress : IProgress<long>
    {
        private long _max;

        public long Max => Interlocked.Read(ref _max);

        public void Report(long value)
        {
            long seen;
            while ((seen = Interlocked.Read(ref _max)) < value && Interlocked.CompareExchange(ref _max, value, seen) != seen)
            {
            }
        }
    }
}
