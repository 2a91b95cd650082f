using Dispatch.Engine.Geo;
using Dispatch.Engine.Pool;

namespace Dispatch.Engine.Tests.Matching;

/// <summary>
/// Builds volunteers for matching tests. The default is eligible for a rescue query at <see cref="MatchFixtures.Incident"/>
/// at <see cref="MatchFixtures.Now"/>: an adult, rescue level 2 with a valid certification, insured, on duty, free,
/// 1 km north of the incident and seen five minutes ago. Each method changes one fact.
/// </summary>
internal sealed class VolunteerBuilder
{
    public static readonly DateOnly LongValid = new(2027, 12, 31);

    private readonly List<VolunteerSkill> _skills = [new(Skill.Rescue, SkillLevel.Skilled, LongValid)];
    private DateOnly _birthDate = new(1990, 5, 20);
    private GeoPoint _position = MatchFixtures.Offset(MatchFixtures.Incident, northKm: 1, eastKm: 0);
    private DateTimeOffset? _lastSeen = MatchFixtures.Now.AddMinutes(-5);
    private DateOnly? _insuranceUntil = LongValid;
    private DutyState _duty = DutyState.OnDuty;
    private CommitmentState _commitment = CommitmentState.Free;
    private DateTimeOffset? _restingUntil;
    private double _hours;
    private int _offersReceived;
    private int _offersAccepted;
    private TeamId _team = TeamId.None;

    /// <summary>Adds the skill, or changes its level, with a certification valid until the end of 2027.</summary>
    public VolunteerBuilder WithSkill(Skill skill, int level)
    {
        var existing = _skills.FindIndex(s => s.Skill == skill);
        var entry = new VolunteerSkill(skill, new SkillLevel(level), existing >= 0 ? _skills[existing].CertificationValidUntil : LongValid);
        if (existing >= 0)
        {
            _skills[existing] = entry;
        }
        else
        {
            _skills.Add(entry);
        }

        return this;
    }

    /// <summary>Sets the last valid day of the certification of a skill the volunteer has; null for none.</summary>
    public VolunteerBuilder WithCertification(Skill skill, DateOnly? validUntil)
    {
        var i = _skills.FindIndex(s => s.Skill == skill);
        _skills[i] = _skills[i] with { CertificationValidUntil = validUntil };
        return this;
    }

    public VolunteerBuilder WithoutSkill(Skill skill)
    {
        _skills.RemoveAll(s => s.Skill == skill);
        return this;
    }

    public VolunteerBuilder BornOn(DateOnly birthDate)
    {
        _birthDate = birthDate;
        return this;
    }

    /// <summary>Sixteen years old at <see cref="MatchFixtures.Now"/>.</summary>
    public VolunteerBuilder Minor() => BornOn(new DateOnly(2010, 1, 1));

    public VolunteerBuilder InsuredUntil(DateOnly? validUntil)
    {
        _insuranceUntil = validUntil;
        return this;
    }

    public VolunteerBuilder Uninsured() => InsuredUntil(null);

    public VolunteerBuilder OffDuty()
    {
        _duty = DutyState.OffDuty;
        return this;
    }

    public VolunteerBuilder Committed(CommitmentState commitment = CommitmentState.Offered)
    {
        _commitment = commitment;
        return this;
    }

    public VolunteerBuilder RestingUntil(DateTimeOffset until)
    {
        _restingUntil = until;
        return this;
    }

    public VolunteerBuilder WithHoursLast7Days(double hours)
    {
        _hours = hours;
        return this;
    }

    public VolunteerBuilder WithOffers(int received, int accepted)
    {
        _offersReceived = received;
        _offersAccepted = accepted;
        return this;
    }

    public VolunteerBuilder At(GeoPoint position)
    {
        _position = position;
        return this;
    }

    /// <summary>Places the volunteer this far north and east of the incident.</summary>
    public VolunteerBuilder AtKm(double northKm, double eastKm = 0) =>
        At(MatchFixtures.Offset(MatchFixtures.Incident, northKm, eastKm));

    public VolunteerBuilder LastSeen(DateTimeOffset? at)
    {
        _lastSeen = at;
        return this;
    }

    public VolunteerBuilder NeverSeen() => LastSeen(null);

    public VolunteerBuilder InTeam(TeamId team)
    {
        _team = team;
        return this;
    }

    public Volunteer Build(VolunteerId id) => new()
    {
        Id = id,
        Team = _team,
        BirthDate = _birthDate,
        Home = _position,
        LastKnown = _position,
        LastSeenAt = _lastSeen,
        Skills = [.. _skills],
        InsuranceValidUntil = _insuranceUntil,
        Duty = _duty,
        Commitment = _commitment,
        RestingUntil = _restingUntil,
        HoursLast7Days = _hours,
        OffersReceived = _offersReceived,
        OffersAccepted = _offersAccepted,
    };
}
