using Dispatch.Engine.Geo;

namespace Dispatch.Engine.Pool;

/// <summary>One skill of a volunteer: its level and the certification (资质认证) that proves it.</summary>
public sealed record VolunteerSkill(Skill Skill, SkillLevel Level, DateOnly? CertificationValidUntil);

/// <summary>
/// A volunteer as a plain record: the form used to add people to a <see cref="VolunteerPool"/> and to read one back.
/// The pool itself stores the same facts column by column.
/// </summary>
public sealed record Volunteer
{
    public required VolunteerId Id { get; init; }
    public TeamId Team { get; init; } = TeamId.None;

    /// <summary>Index of the <see cref="JiangsuCity"/> the volunteer is registered in.</summary>
    public byte City { get; init; }

    public required DateOnly BirthDate { get; init; }
    public required GeoPoint Home { get; init; }

    /// <summary>Last reported position; the home when nothing was reported.</summary>
    public required GeoPoint LastKnown { get; init; }

    /// <summary>When <see cref="LastKnown"/> was reported; null if never.</summary>
    public DateTimeOffset? LastSeenAt { get; init; }

    public IReadOnlyList<VolunteerSkill> Skills { get; init; } = [];

    /// <summary>Last day of valid accident insurance (保险); null for none.</summary>
    public DateOnly? InsuranceValidUntil { get; init; }

    public DutyState Duty { get; init; }
    public CommitmentState Commitment { get; init; }

    /// <summary>End of the rest period after a release; null or past means not resting.</summary>
    public DateTimeOffset? RestingUntil { get; init; }

    /// <summary>Service hours in the last 7 days (fatigue and fairness), 0.1 h resolution.</summary>
    public double HoursLast7Days { get; init; }

    public DateTimeOffset? LastReleasedAt { get; init; }

    /// <summary>Offers received so far (acceptance history).</summary>
    public int OffersReceived { get; init; }

    /// <summary>Offers accepted so far (acceptance history).</summary>
    public int OffersAccepted { get; init; }

    /// <summary>The skill entry for <paramref name="skill"/>, or null.</summary>
    public VolunteerSkill? SkillOf(Skill skill) => Skills.FirstOrDefault(s => s.Skill == skill);

    /// <summary>Value equality, including the skills in order (a record would compare the list by reference).</summary>
    public bool Equals(Volunteer? other) =>
        other is not null
        && Id == other.Id && Team == other.Team && City == other.City && BirthDate == other.BirthDate
        && Home == other.Home && LastKnown == other.LastKnown && LastSeenAt == other.LastSeenAt
        && Skills.SequenceEqual(other.Skills)
        && InsuranceValidUntil == other.InsuranceValidUntil && Duty == other.Duty && Commitment == other.Commitment
        && RestingUntil == other.RestingUntil && HoursLast7Days.Equals(other.HoursLast7Days)
        && LastReleasedAt == other.LastReleasedAt && OffersReceived == other.OffersReceived && OffersAccepted == other.OffersAccepted;

    public override int GetHashCode() => HashCode.Combine(Id, BirthDate, LastKnown, Skills.Count, Duty, Commitment);
}

/// <summary>A volunteer team (志愿服务队伍): a leader, a type and a base.</summary>
public sealed record Team(TeamId Id, string Name, string Type, VolunteerId? Leader, GeoPoint Base, byte City);
