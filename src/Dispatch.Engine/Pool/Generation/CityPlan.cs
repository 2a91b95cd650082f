using Dispatch.Engine.Geo;

namespace Dispatch.Engine.Pool.Generation;

/// <summary>
/// How many volunteers and teams each city gets and where they sit in the columns: volunteers are stored city by
/// city (a contiguous block each, in adcode order), and each city's block is cut into teams of about
/// <see cref="VolunteersPerTeam"/> consecutive members.
/// </summary>
internal sealed class CityPlan
{
    /// <summary>About one team per this many volunteers (≈ 115,000 teams at 23 million).</summary>
    public const int VolunteersPerTeam = 200;

    private CityPlan(JiangsuCity[] cities, int[] counts)
    {
        Cities = cities;
        Counts = counts;
        FirstVolunteer = new int[cities.Length + 1];
        FirstTeam = new int[cities.Length + 1];
        for (int i = 0; i < cities.Length; i++)
        {
            FirstVolunteer[i + 1] = FirstVolunteer[i] + counts[i];
            int teams = counts[i] == 0 ? 0 : Math.Max(1, (counts[i] + (VolunteersPerTeam / 2)) / VolunteersPerTeam);
            FirstTeam[i + 1] = FirstTeam[i] + teams;
        }
    }

    /// <summary>The cities generated, in adcode order.</summary>
    public JiangsuCity[] Cities { get; }

    /// <summary>Volunteers per city (same order as <see cref="Cities"/>).</summary>
    public int[] Counts { get; }

    /// <summary>Column index of each city's first volunteer; one extra entry holds the total.</summary>
    public int[] FirstVolunteer { get; }

    /// <summary>Id of each city's first team; one extra entry holds the team total.</summary>
    public int[] FirstTeam { get; }

    public int TeamCount => FirstTeam[^1];

    public int TeamsIn(int cityOrdinal) => FirstTeam[cityOrdinal + 1] - FirstTeam[cityOrdinal];

    /// <summary>
    /// Splits <paramref name="volunteers"/> across the cities in proportion to population by the largest-remainder
    /// method, so the counts are exact and add up.
    /// </summary>
    public static CityPlan Create(int volunteers, IReadOnlyList<int>? adcodes)
    {
        var cities = adcodes is null || adcodes.Count == 0
            ? [.. JiangsuCity.All]
            : adcodes.Distinct().Select(JiangsuCity.ByAdcode).OrderBy(c => c.Index).ToArray();
        long totalPopulation = cities.Sum(c => (long)c.Population);
        var counts = new int[cities.Length];
        var remainders = new (long Remainder, int Ordinal)[cities.Length];
        long assigned = 0;
        for (int i = 0; i < cities.Length; i++)
        {
            long share = (long)volunteers * cities[i].Population;
            counts[i] = (int)(share / totalPopulation);
            remainders[i] = (share % totalPopulation, i);
            assigned += counts[i];
        }

        // Ties go to the earlier city so the split is fully determined.
        foreach (var (_, ordinal) in remainders.OrderByDescending(r => r.Remainder).ThenBy(r => r.Ordinal).Take((int)(volunteers - assigned)))
        {
            counts[ordinal]++;
        }

        return new CityPlan(cities, counts);
    }

    /// <summary>The ordinal (position in <see cref="Cities"/>) of the city holding column index <paramref name="v"/>.</summary>
    public int CityOrdinalOf(int v)
    {
        int i = Array.BinarySearch(FirstVolunteer, v);
        if (i < 0)
        {
            return ~i - 1;
        }

        // Skip empty cities that share the same first index.
        while (FirstVolunteer[i + 1] == v)
        {
            i++;
        }

        return i;
    }

    /// <summary>The team of the volunteer at position <paramref name="local"/> within city <paramref name="cityOrdinal"/>.</summary>
    public int TeamOf(int cityOrdinal, int local) =>
        FirstTeam[cityOrdinal] + (int)((long)local * TeamsIn(cityOrdinal) / Counts[cityOrdinal]);

    /// <summary>The first city-local position of the <paramref name="k"/>-th team of a city (k may equal the team count).</summary>
    public int FirstMemberLocal(int cityOrdinal, int k)
    {
        // Smallest local index i with floor(i * teams / count) >= k, i.e. ceil(k * count / teams).
        long teams = TeamsIn(cityOrdinal);
        return (int)(((k * (long)Counts[cityOrdinal]) + teams - 1) / teams);
    }
}
