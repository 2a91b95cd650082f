using Dispatch.Engine.Geo;

namespace Dispatch.Engine.Pool;

/// <summary>
/// The pool (应急志愿服务力量资源库): every volunteer and team, stored column by column so that 23 million people fit
/// in about 55 bytes each and a scan touches only the columns it needs.
/// </summary>
/// <remarks>
/// Not thread-safe for writes: one writer at a time (the host's dispatcher), any number of readers between writes.
/// Every mutation goes through a method here so attached indexes (<see cref="IPoolIndex"/>) stay in step without
/// a rebuild. Positions are stored as 32-bit floats (≈ 0.7 m resolution in Jiangsu).
/// </remarks>
public sealed partial class VolunteerPool
{
    private readonly List<IPoolIndex> _indexes = [];
    private readonly List<Team> _teams = [];

    // Columns. Internal so the snapshot codec, the generator and the index read them without copies.
    internal int[] TeamColumn;
    internal byte[] CityColumn;
    internal short[] BirthDayColumn;
    internal float[] HomeLatColumn;
    internal float[] HomeLonColumn;
    internal float[] LastLatColumn;
    internal float[] LastLonColumn;
    internal int[] LastSeenColumn;
    internal ushort[] SkillLevelsColumn;
    internal short[]?[] CertUntilColumns;
    internal short[] InsuranceUntilColumn;
    internal byte[] DutyColumn;
    internal byte[] CommitmentColumn;
    internal int[] RestingUntilColumn;
    internal ushort[] HoursTenthsColumn;
    internal int[] LastReleaseColumn;
    internal ushort[] OffersReceivedColumn;
    internal ushort[] OffersAcceptedColumn;

    /// <summary>Creates an empty pool with room for <paramref name="capacity"/> volunteers.</summary>
    public VolunteerPool(SkillCatalog catalog, int capacity = 1024)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        Catalog = catalog;
        capacity = Math.Max(capacity, 1);
        TeamColumn = new int[capacity];
        CityColumn = new byte[capacity];
        BirthDayColumn = new short[capacity];
        HomeLatColumn = new float[capacity];
        HomeLonColumn = new float[capacity];
        LastLatColumn = new float[capacity];
        LastLonColumn = new float[capacity];
        LastSeenColumn = new int[capacity];
        SkillLevelsColumn = new ushort[capacity];
        CertUntilColumns = new short[]?[Skill.MaxSkills];
        foreach (var d in catalog.All)
        {
            CertUntilColumns[d.Skill.Code] = new short[capacity];
        }

        InsuranceUntilColumn = new short[capacity];
        DutyColumn = new byte[capacity];
        CommitmentColumn = new byte[capacity];
        RestingUntilColumn = new int[capacity];
        HoursTenthsColumn = new ushort[capacity];
        LastReleaseColumn = new int[capacity];
        OffersReceivedColumn = new ushort[capacity];
        OffersAcceptedColumn = new ushort[capacity];
    }

    public SkillCatalog Catalog { get; }

    /// <summary>Number of volunteers.</summary>
    public int Count { get; internal set; }

    public IReadOnlyList<Team> Teams => _teams;

    /// <summary>Bytes held by the columns for <see cref="Count"/> volunteers (capacity slack excluded).</summary>
    public long ColumnBytesPerVolunteer =>
        4 + 1 + 2 + (4 * 4) + 4 + 2 + (2 * Catalog.All.Count) + 2 + 1 + 1 + 4 + 2 + 4 + 2 + 2;

    /// <summary>Attaches an index that must follow every change from now on. Called by the index itself.</summary>
    internal void Attach(IPoolIndex index) => _indexes.Add(index);

    internal void Detach(IPoolIndex index) => _indexes.Remove(index);

    public TeamId AddTeam(string name, string type, VolunteerId? leader, GeoPoint basePoint, byte city)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(type);
        ValidateCity(city);
        var id = new TeamId(_teams.Count);
        _teams.Add(new Team(id, name, type, leader, basePoint, city));
        return id;
    }

    /// <summary>Replaces a team (e.g. to set its leader once the members exist).</summary>
    public void SetTeam(Team team)
    {
        ArgumentNullException.ThrowIfNull(team);
        if ((uint)team.Id.Value >= (uint)_teams.Count)
        {
            throw new ArgumentException($"Unknown team {team.Id}.", nameof(team));
        }

        _teams[team.Id.Value] = team;
    }

    /// <summary>Adds a volunteer; <see cref="Volunteer.Id"/> must equal <see cref="Count"/> (ids are dense).</summary>
    public VolunteerId Add(Volunteer volunteer)
    {
        ArgumentNullException.ThrowIfNull(volunteer);
        if (volunteer.Id.Value != Count)
        {
            throw new ArgumentException($"Volunteer ids are dense: expected V{Count}, got {volunteer.Id}.", nameof(volunteer));
        }

        ValidateCity(volunteer.City);
        if (volunteer.Team != TeamId.None && (uint)volunteer.Team.Value >= (uint)_teams.Count)
        {
            throw new ArgumentException($"Unknown team {volunteer.Team}.", nameof(volunteer));
        }

        EnsureCapacity(Count + 1);
        int v = Count;
        Write(v, volunteer);
        Count = v + 1;
        foreach (var index in _indexes)
        {
            index.Add(this, v);
        }

        return volunteer.Id;
    }

    private static void ValidateCity(byte city)
    {
        if (city >= JiangsuCity.All.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(city), city, "City index must name one of the 13 Jiangsu cities (0–12).");
        }
    }

    private void Write(int v, Volunteer volunteer)
    {
        TeamColumn[v] = volunteer.Team.Value;
        CityColumn[v] = volunteer.City;
        BirthDayColumn[v] = PoolTime.ToDayStamp(volunteer.BirthDate);
        HomeLatColumn[v] = (float)volunteer.Home.Latitude;
        HomeLonColumn[v] = (float)volunteer.Home.Longitude;
        LastLatColumn[v] = (float)volunteer.LastKnown.Latitude;
        LastLonColumn[v] = (float)volunteer.LastKnown.Longitude;
        LastSeenColumn[v] = PoolTime.ToInstant(volunteer.LastSeenAt);
        ushort levels = 0;
        foreach (var column in CertUntilColumns)
        {
            if (column is not null)
            {
                column[v] = PoolTime.NoDay;
            }
        }

        foreach (var s in volunteer.Skills)
        {
            var column = CertUntilColumns[s.Skill.Code]
                ?? throw new ArgumentException($"Skill code {s.Skill.Code} is not in this pool's catalog.", nameof(volunteer));
            if (SkillLevels.Get(levels, s.Skill) != 0)
            {
                throw new ArgumentException($"Skill {s.Skill} is listed twice.", nameof(volunteer));
            }

            levels = SkillLevels.With(levels, s.Skill, s.Level.Value);
            column[v] = PoolTime.ToDayStamp(s.CertificationValidUntil);
        }

        SkillLevelsColumn[v] = levels;
        InsuranceUntilColumn[v] = PoolTime.ToDayStamp(volunteer.InsuranceValidUntil);
        DutyColumn[v] = (byte)volunteer.Duty;
        CommitmentColumn[v] = (byte)volunteer.Commitment;
        RestingUntilColumn[v] = PoolTime.ToInstant(volunteer.RestingUntil);
        HoursTenthsColumn[v] = ToTenths(volunteer.HoursLast7Days);
        LastReleaseColumn[v] = PoolTime.ToInstant(volunteer.LastReleasedAt);
        OffersReceivedColumn[v] = Saturate(volunteer.OffersReceived);
        OffersAcceptedColumn[v] = Saturate(Math.Min(volunteer.OffersAccepted, volunteer.OffersReceived));
    }

    internal static ushort ToTenths(double hours)
    {
        if (!double.IsFinite(hours) || hours < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(hours), hours, "Hours must be a finite, non-negative number.");
        }

        return (ushort)Math.Min(ushort.MaxValue, Math.Round(hours * 10.0));
    }

    internal static ushort Saturate(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        return (ushort)Math.Min(ushort.MaxValue, count);
    }

    internal void EnsureCapacity(int needed)
    {
        if (needed <= TeamColumn.Length)
        {
            return;
        }

        int size = Math.Max(needed, (int)Math.Min(Array.MaxLength, TeamColumn.Length * 2L));
        Array.Resize(ref TeamColumn, size);
        Array.Resize(ref CityColumn, size);
        Array.Resize(ref BirthDayColumn, size);
        Array.Resize(ref HomeLatColumn, size);
        Array.Resize(ref HomeLonColumn, size);
        Array.Resize(ref LastLatColumn, size);
        Array.Resize(ref LastLonColumn, size);
        Array.Resize(ref LastSeenColumn, size);
        Array.Resize(ref SkillLevelsColumn, size);
        for (int i = 0; i < CertUntilColumns.Length; i++)
        {
            if (CertUntilColumns[i] is { } c)
            {
                Array.Resize(ref c, size);
                CertUntilColumns[i] = c;
            }
        }

        Array.Resize(ref InsuranceUntilColumn, size);
        Array.Resize(ref DutyColumn, size);
        Array.Resize(ref CommitmentColumn, size);
        Array.Resize(ref RestingUntilColumn, size);
        Array.Resize(ref HoursTenthsColumn, size);
        Array.Resize(ref LastReleaseColumn, size);
        Array.Resize(ref OffersReceivedColumn, size);
        Array.Resize(ref OffersAcceptedColumn, size);
    }

    internal int Check(VolunteerId id)
    {
        if ((uint)id.Value >= (uint)Count)
        {
            throw new ArgumentOutOfRangeException(nameof(id), id, $"Unknown volunteer {id}: the pool holds V0–V{Count - 1}.");
        }

        return id.Value;
    }
}
