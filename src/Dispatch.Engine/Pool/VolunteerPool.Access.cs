using Dispatch.Engine.Geo;

namespace Dispatch.Engine.Pool;

/// <summary>Reads and the mutations that keep attached indexes in step.</summary>
public sealed partial class VolunteerPool
{
    /// <summary>Reads one volunteer back as a record.</summary>
    public Volunteer Get(VolunteerId id)
    {
        int v = Check(id);
        var skills = new List<VolunteerSkill>();
        foreach (var d in Catalog.All)
        {
            int level = SkillLevels.Get(SkillLevelsColumn[v], d.Skill);
            if (level != 0)
            {
                skills.Add(new VolunteerSkill(d.Skill, new SkillLevel(level), PoolTime.FromDayStamp(CertUntilColumns[d.Skill.Code]![v])));
            }
        }

        return new Volunteer
        {
            Id = id,
            Team = new TeamId(TeamColumn[v]),
            City = CityColumn[v],
            BirthDate = PoolTime.FromDayStamp(BirthDayColumn[v]) ?? DateOnly.MinValue,
            Home = new GeoPoint(HomeLatColumn[v], HomeLonColumn[v]),
            LastKnown = new GeoPoint(LastLatColumn[v], LastLonColumn[v]),
            LastSeenAt = PoolTime.FromInstant(LastSeenColumn[v]),
            Skills = skills,
            InsuranceValidUntil = PoolTime.FromDayStamp(InsuranceUntilColumn[v]),
            Duty = (DutyState)DutyColumn[v],
            Commitment = (CommitmentState)CommitmentColumn[v],
            RestingUntil = PoolTime.FromInstant(RestingUntilColumn[v]),
            HoursLast7Days = HoursTenthsColumn[v] / 10.0,
            LastReleasedAt = PoolTime.FromInstant(LastReleaseColumn[v]),
            OffersReceived = OffersReceivedColumn[v],
            OffersAccepted = OffersAcceptedColumn[v],
        };
    }

    public GeoPoint LastKnown(VolunteerId id)
    {
        int v = Check(id);
        return new GeoPoint(LastLatColumn[v], LastLonColumn[v]);
    }

    public DutyState Duty(VolunteerId id) => (DutyState)DutyColumn[Check(id)];

    public CommitmentState Commitment(VolunteerId id) => (CommitmentState)CommitmentColumn[Check(id)];

    public byte City(VolunteerId id) => CityColumn[Check(id)];

    /// <summary>The volunteer's level in <paramref name="skill"/>, or null without the skill.</summary>
    public SkillLevel? LevelOf(VolunteerId id, Skill skill)
    {
        int level = SkillLevels.Get(SkillLevelsColumn[Check(id)], skill);
        return level == 0 ? null : new SkillLevel(level);
    }

    /// <summary>A new position report.</summary>
    public void MoveTo(VolunteerId id, GeoPoint position, DateTimeOffset reportedAt)
    {
        int v = Check(id);
        int at = PoolTime.ToInstant(reportedAt);
        BeginChange(v);
        LastLatColumn[v] = (float)position.Latitude;
        LastLonColumn[v] = (float)position.Longitude;
        LastSeenColumn[v] = at;
        EndChange(v);
    }

    public void SetDuty(VolunteerId id, DutyState duty)
    {
        int v = Check(id);
        if (!Enum.IsDefined(duty))
        {
            throw new ArgumentOutOfRangeException(nameof(duty), duty, "Unknown duty state.");
        }

        BeginChange(v);
        DutyColumn[v] = (byte)duty;
        EndChange(v);
    }

    /// <summary>Sets the commitment (free, offered, assigned) and optionally a rest period that follows a release.</summary>
    public void SetCommitment(VolunteerId id, CommitmentState commitment, DateTimeOffset? restingUntil = null)
    {
        int v = Check(id);
        if (!Enum.IsDefined(commitment))
        {
            throw new ArgumentOutOfRangeException(nameof(commitment), commitment, "Unknown commitment state.");
        }

        int resting = restingUntil is null ? RestingUntilColumn[v] : PoolTime.ToInstant(restingUntil);
        BeginChange(v);
        CommitmentColumn[v] = (byte)commitment;
        RestingUntilColumn[v] = resting;
        EndChange(v);
    }

    /// <summary>Records a completed release: the workload and the release time feed fatigue and fairness.</summary>
    public void RecordRelease(VolunteerId id, DateTimeOffset releasedAt, double hoursLast7Days, DateTimeOffset restingUntil)
    {
        int v = Check(id);
        ushort tenths = ToTenths(hoursLast7Days);
        int released = PoolTime.ToInstant(releasedAt);
        int resting = PoolTime.ToInstant(restingUntil);
        BeginChange(v);
        CommitmentColumn[v] = (byte)CommitmentState.Free;
        HoursTenthsColumn[v] = tenths;
        LastReleaseColumn[v] = released;
        RestingUntilColumn[v] = resting;
        EndChange(v);
    }

    /// <summary>Counts an answered offer in the acceptance history.</summary>
    public void RecordOfferOutcome(VolunteerId id, bool accepted)
    {
        int v = Check(id);
        BeginChange(v);
        if (OffersReceivedColumn[v] == ushort.MaxValue)
        {
            // Keep the rate: halve both counts when the counter would overflow.
            OffersReceivedColumn[v] /= 2;
            OffersAcceptedColumn[v] /= 2;
        }

        OffersReceivedColumn[v]++;
        if (accepted)
        {
            OffersAcceptedColumn[v]++;
        }
        EndChange(v);
    }

    public void SetInsurance(VolunteerId id, DateOnly? validUntil)
    {
        int v = Check(id);
        short day = PoolTime.ToDayStamp(validUntil);
        BeginChange(v);
        InsuranceUntilColumn[v] = day;
        EndChange(v);
    }

    /// <summary>Adds, changes or (with a null level) removes a skill and its certification.</summary>
    public void SetSkill(VolunteerId id, Skill skill, SkillLevel? level, DateOnly? certificationValidUntil)
    {
        int v = Check(id);
        var column = CertUntilColumns[skill.Code]
            ?? throw new ArgumentException($"Skill code {skill.Code} is not in this pool's catalog.", nameof(skill));
        short day = PoolTime.ToDayStamp(certificationValidUntil);
        BeginChange(v);
        SkillLevelsColumn[v] = SkillLevels.With(SkillLevelsColumn[v], skill, level?.Value ?? 0);
        column[v] = level is null ? PoolTime.NoDay : day;
        EndChange(v);
    }

    // Indexes forget the volunteer as they were and learn them as they are: no closure, no rebuild.
    private void BeginChange(int v)
    {
        foreach (var index in _indexes)
        {
            index.Remove(this, v);
        }
    }

    private void EndChange(int v)
    {
        foreach (var index in _indexes)
        {
            index.Add(this, v);
        }
    }
}

/// <summary>An index that follows a <see cref="VolunteerPool"/>: told before and after each volunteer changes.</summary>
internal interface IPoolIndex
{
    /// <summary>Forget volunteer <paramref name="v"/> as the columns describe them now.</summary>
    void Remove(VolunteerPool pool, int v);

    /// <summary>Index volunteer <paramref name="v"/> as the columns describe them now.</summary>
    void Add(VolunteerPool pool, int v);
}
