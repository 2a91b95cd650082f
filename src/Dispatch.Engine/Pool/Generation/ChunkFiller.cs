using static Dispatch.Engine.Pool.Generation.Distributions;

namespace Dispatch.Engine.Pool.Generation;

/// <summary>
/// Writes the volunteers of one chunk straight into the pool's columns. Every chunk draws from its own generator,
/// seeded from (seed, chunk index), so the result does not depend on how chunks are scheduled across threads.
/// </summary>
/// <remarks>Chunks touch disjoint column ranges, so any number may run at once.</remarks>
internal sealed class ChunkFiller
{
    /// <summary>Volunteers per chunk: 64 Ki.</summary>
    public const int ChunkSize = 1 << 16;

    private readonly VolunteerPool _pool;
    private readonly CityPlan _plan;
    private readonly CityShape[] _shapes;
    private readonly int[] _leaderOf;
    private readonly GenerationClock _clock;
    private readonly ulong _seed;
    private readonly byte[] _skillCodes;
    private readonly double[] _skillCumulative;
    private readonly short[][] _certColumns;

    public ChunkFiller(VolunteerPool pool, CityPlan plan, CityShape[] shapes, int[] leaderOf, GenerationClock clock, ulong seed)
    {
        _pool = pool;
        _plan = plan;
        _shapes = shapes;
        _leaderOf = leaderOf;
        _clock = clock;
        _seed = seed;
        var skills = pool.Catalog.All;
        _skillCodes = [.. skills.Select(d => d.Skill.Code)];
        _certColumns = [.. skills.Select(d => pool.CertUntilColumns[d.Skill.Code]!)];
        _skillCumulative = new double[skills.Count];
        double total = skills.Sum(d => PrimaryWeight(d.Key));
        double running = 0;
        for (int i = 0; i < skills.Count; i++)
        {
            running += PrimaryWeight(skills[i].Key) / total;
            _skillCumulative[i] = running;
        }

        if (skills.Count > 0)
        {
            _skillCumulative[^1] = 1.0;
        }
    }

    public static int ChunkCount(int volunteers) => (int)(((long)volunteers + ChunkSize - 1) / ChunkSize);

    /// <summary>Fills chunk <paramref name="chunk"/> and returns how many volunteers it wrote.</summary>
    public int Fill(int chunk)
    {
        int start = chunk * ChunkSize;
        int end = (int)Math.Min((long)start + ChunkSize, _pool.Count);
        var rng = new Xoshiro256(_seed, (ulong)chunk);
        int c = _plan.CityOrdinalOf(start);
        for (int v = start; v < end; v++)
        {
            while (v >= _plan.FirstVolunteer[c + 1])
            {
                c++;
            }

            int team = _plan.TeamOf(c, v - _plan.FirstVolunteer[c]);
            FillOne(ref rng, v, c, team, _leaderOf[team] == v);
        }

        return end - start;
    }

    private void FillOne(ref Xoshiro256 rng, int v, int c, int team, bool isLeader)
    {
        var p = _pool;
        var shape = _shapes[c];
        p.TeamColumn[v] = team;
        p.CityColumn[v] = shape.CityIndex;

        // Home: a dense urban core plus a wide rural spread.
        bool rural = rng.NextDouble() < RuralShare;
        double sigmaKm = rural ? shape.RuralSigmaKm : shape.UrbanSigmaKm;
        var (homeLat, homeLon) = CityShape.Sample(ref rng, shape.Centre.Latitude, shape.Centre.Longitude, sigmaKm);
        p.HomeLatColumn[v] = homeLat;
        p.HomeLonColumn[v] = homeLon;

        // Leaders are adults: a team is not led by someone who may not be dispatched.
        p.BirthDayColumn[v] = !isLeader && rng.NextDouble() < MinorShare
            ? (short)rng.Between(_clock.OldestMinor, _clock.YoungestMinor)
            : rng.NextDouble() < YoungAdultShare
                ? (short)rng.Between(_clock.Aged45 + 1, _clock.YoungestAdult)
                : (short)rng.Between(_clock.OldestAdult, _clock.Aged45);

        FillSkills(ref rng, v);

        double u = rng.NextDouble();
        p.InsuranceUntilColumn[v] = u < InsuranceValidShare
            ? (short)(_clock.Today + rng.Next(365))
            : u < InsuranceValidShare + InsuranceExpiredShare
                ? (short)(_clock.Today - 1 - rng.Next(365))
                : PoolTime.NoDay;

        FillDutyAndWorkload(ref rng, v, homeLat, homeLon);

        int received = rng.NextDouble() < NoOffersShare ? 0 : 1 + (int)((MaxOffers - 1) * Square(rng.NextDouble()));
        double rate = MinAcceptRate + ((MaxAcceptRate - MinAcceptRate) * rng.NextDouble());
        p.OffersReceivedColumn[v] = (ushort)received;
        p.OffersAcceptedColumn[v] = (ushort)Math.Round(received * rate);
    }

    private void FillSkills(ref Xoshiro256 rng, int v)
    {
        int n = _skillCodes.Length;
        if (n == 0)
        {
            return;
        }

        uint chosen = 1u << PickSkill(ref rng);
        if (n > 1 && rng.NextDouble() < SecondSkillShare)
        {
            chosen |= 1u << PickOther(ref rng, chosen);
            if (n > 2 && rng.NextDouble() < ThirdSkillGivenSecond)
            {
                chosen |= 1u << PickOther(ref rng, chosen);
            }
        }

        ushort levels = 0;
        for (int k = 0; k < n; k++)
        {
            if ((chosen & (1u << k)) == 0)
            {
                _certColumns[k][v] = PoolTime.NoDay;
                continue;
            }

            double l = rng.NextDouble();
            int level = l < Level1Share ? 1 : l < Level1Share + Level2Share ? 2 : 3;
            levels |= (ushort)(level << (_skillCodes[k] * 2));
            double e = rng.NextDouble();
            _certColumns[k][v] = e < CertExpiredShare
                ? (short)(_clock.Today - 1 - rng.Next(730))
                : e < CertExpiredShare + CertExpiringShare
                    ? (short)(_clock.Today + rng.Next(365))
                    : (short)(_clock.Today + 365 + rng.Next(731));
        }

        _pool.SkillLevelsColumn[v] = levels;
    }

    private int PickSkill(ref Xoshiro256 rng)
    {
        double u = rng.NextDouble();
        int k = 0;
        while (k < _skillCumulative.Length - 1 && u >= _skillCumulative[k])
        {
            k++;
        }

        return k;
    }

    private int PickOther(ref Xoshiro256 rng, uint chosen)
    {
        // Redraw by the primary weights until a new skill comes up; fall back to the first free one.
        for (int attempt = 0; attempt < 16; attempt++)
        {
            int k = PickSkill(ref rng);
            if ((chosen & (1u << k)) == 0)
            {
                return k;
            }
        }

        int free = 0;
        while ((chosen & (1u << free)) != 0)
        {
            free++;
        }

        return free;
    }

    private void FillDutyAndWorkload(ref Xoshiro256 rng, int v, float homeLat, float homeLon)
    {
        var p = _pool;
        int now = _clock.NowInstant;
        bool onDuty = rng.NextDouble() < OnDutyShare;
        bool resting = false;
        var commitment = CommitmentState.Free;
        if (onDuty)
        {
            bool stale = rng.NextDouble() < StaleShare;
            var (lat, lon) = CityShape.Sample(ref rng, homeLat, homeLon, stale ? StaleDriftKm : FreshDriftKm);
            p.LastLatColumn[v] = lat;
            p.LastLonColumn[v] = lon;
            p.LastSeenColumn[v] = stale ? now - 7_200 - rng.Next(36_000) : now - rng.Next(FreshWindowSeconds);
            double u = rng.NextDouble();
            if (u < CommittedShare)
            {
                commitment = rng.NextDouble() < OfferedShareOfCommitted ? CommitmentState.Offered : CommitmentState.Assigned;
            }
            else if (u < CommittedShare + RestingShare)
            {
                resting = true;
            }
        }
        else
        {
            p.LastLatColumn[v] = homeLat;
            p.LastLonColumn[v] = homeLon;
            p.LastSeenColumn[v] = now - 21_600 - rng.Next(30 * 86_400);
        }

        p.DutyColumn[v] = (byte)(onDuty ? DutyState.OnDuty : DutyState.OffDuty);
        p.CommitmentColumn[v] = (byte)commitment;

        if (resting)
        {
            // Just released: some hours on the clock and a rest period that ends a little after now.
            int released = now - rng.Next(7_200);
            p.HoursTenthsColumn[v] = Tenths(2 + rng.NextExponential(HoursMean));
            p.LastReleaseColumn[v] = released;
            p.RestingUntilColumn[v] = now + 600 + rng.Next(14_400);
        }
        else if (rng.NextDouble() < WorkedLast7DaysShare)
        {
            int released = now - 28_800 - rng.Next((7 * 86_400) - 28_800);
            p.HoursTenthsColumn[v] = Tenths(0.5 + rng.NextExponential(HoursMean));
            p.LastReleaseColumn[v] = released;
            p.RestingUntilColumn[v] = released + 14_400;
        }
        else
        {
            p.HoursTenthsColumn[v] = 0;
            p.LastReleaseColumn[v] = rng.NextDouble() < 0.4 ? PoolTime.Never : now - (7 * 86_400) - rng.Next(358 * 86_400);
            p.RestingUntilColumn[v] = PoolTime.Never;
        }
    }

    private static ushort Tenths(double hours) => (ushort)Math.Round(Math.Min(hours, HoursCap) * 10);

    private static double Square(double x) => x * x;
}
