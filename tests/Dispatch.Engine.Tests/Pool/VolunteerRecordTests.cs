using Dispatch.Engine.Geo;
using Dispatch.Engine.Pool;

namespace Dispatch.Engine.Tests.Pool;

public sealed class VolunteerRecordTests
{
    private static Volunteer Sample(DateOnly? certificationUntil) => new()
    {
        Id = new VolunteerId(0),
        BirthDate = new DateOnly(1990, 1, 1),
        // Positions the pool's 32-bit floats hold exactly, so a read-back compares equal.
        Home = new GeoPoint(32, (float)118.8),
        LastKnown = new GeoPoint(32, (float)118.8),
        Skills = [new VolunteerSkill(Skill.Medical, SkillLevel.Skilled, certificationUntil)],
    };

    [Fact]
    public void Equals_SameFactsInDifferentSkillLists_AreEqual()
    {
        var until = new DateOnly(2027, 1, 1);
        Assert.Equal(Sample(until), Sample(until));
        Assert.Equal(Sample(until).GetHashCode(), Sample(until).GetHashCode());
    }

    [Fact]
    public void Equals_DifferentSkillCertification_AreNotEqual()
    {
        Assert.NotEqual(Sample(new DateOnly(2027, 1, 1)), Sample(new DateOnly(2027, 1, 2)));
    }

    [Fact]
    public void Get_AfterAdd_EqualsTheRecordAdded()
    {
        var pool = new VolunteerPool(SkillCatalog.Default);
        var volunteer = Sample(new DateOnly(2027, 1, 1)) with { LastSeenAt = new DateTimeOffset(2026, 6, 1, 8, 0, 0, TimeSpan.Zero) };
        pool.Add(volunteer);

        Assert.Equal(volunteer, pool.Get(new VolunteerId(0)));
    }
}
