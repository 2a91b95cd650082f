using Dispatch.Engine.Geo;
using Dispatch.Engine.Pool;
using FsCheck;
using FsCheck.Xunit;

namespace Dispatch.Engine.Tests.Pool;

public sealed class PoolSnapshotPropertyTests
{
    [Property(MaxTest = 100)]
    public void WriteRead_RandomSmallPool_EveryRecordEqual(byte size, int seed, bool withTeams)
    {
        var pool = Build(size, seed, withTeams);
        GeneratedPools.AssertSamePool(pool, GeneratedPools.ReadBytes(GeneratedPools.SnapshotBytes(pool)));
    }

    [Property(MaxTest = 50)]
    public void Read_AnySingleByteFlipped_ThrowsInvalidData(int seed, PositiveInt position, byte mask)
    {
        var bytes = GeneratedPools.SnapshotBytes(Build(12, seed, withTeams: true));
        bytes[position.Get % bytes.Length] ^= mask == 0 ? (byte)1 : mask;
        Assert.Throws<InvalidDataException>(() => GeneratedPools.ReadBytes(bytes));
    }

    /// <summary>A pool built the slow way, through <see cref="VolunteerPool.Add"/>, from a seed.</summary>
    private static VolunteerPool Build(int size, int seed, bool withTeams)
    {
        var random = new Random(seed);
        var pool = new VolunteerPool(SkillCatalog.Default, capacity: 1);
        int teams = withTeams ? random.Next(1, 5) : 0;
        for (int t = 0; t < teams; t++)
        {
            VolunteerId? leader = size > 0 && random.Next(3) > 0 ? new VolunteerId(random.Next(size)) : null;
            pool.AddTeam($"队{t}", "综合", leader, Point(random), (byte)random.Next(13));
        }

        for (int v = 0; v < size; v++)
        {
            var skills = SkillCatalog.Default.All
                .Where(_ => random.Next(3) == 0)
                .Select(d => new VolunteerSkill(d.Skill, new SkillLevel(random.Next(1, 4)), Day(random)))
                .ToList();
            int received = random.Next(60);
            pool.Add(new Volunteer
            {
                Id = new VolunteerId(v),
                Team = teams == 0 || random.Next(5) == 0 ? TeamId.None : new TeamId(random.Next(teams)),
                City = (byte)random.Next(13),
                BirthDate = Day(random) ?? new DateOnly(1980, 1, 1),
                Home = Point(random),
                LastKnown = Point(random),
                LastSeenAt = Instant(random),
                Skills = skills,
                InsuranceValidUntil = Day(random),
                Duty = (DutyState)random.Next(2),
                Commitment = (CommitmentState)random.Next(3),
                RestingUntil = Instant(random),
                HoursLast7Days = random.Next(500) / 10.0,
                LastReleasedAt = Instant(random),
                OffersReceived = received,
                OffersAccepted = random.Next(received + 1),
            });
        }

        return pool;
    }

    private static GeoPoint Point(Random r) => new(30.7 + (r.NextDouble() * 4.5), 116.3 + (r.NextDouble() * 5.6));

    private static DateOnly? Day(Random r) => r.Next(6) == 0 ? null : new DateOnly(1950, 1, 1).AddDays(r.Next(40_000));

    private static DateTimeOffset? Instant(Random r) =>
        r.Next(6) == 0 ? null : new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero).AddSeconds(r.Next(0, 400_000_000));
}
