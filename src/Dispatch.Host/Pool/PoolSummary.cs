using Dispatch.Engine.Geo;
using Dispatch.Engine.Pool;
using Spectre.Console;

namespace Dispatch.Host.Pool;

/// <summary>The headline figures of a pool, counted through its public API, and their rendering.</summary>
internal sealed record PoolSummary(int Volunteers, int Teams, int OnDuty, int Committed, int[] PerCity, IReadOnlyList<(string Skill, int Holders)> Skills)
{
    public static PoolSummary Of(VolunteerPool pool)
    {
        var perCity = new int[JiangsuCity.All.Count];
        var holders = new int[pool.Catalog.All.Count];
        int onDuty = 0;
        int committed = 0;
        for (int v = 0; v < pool.Count; v++)
        {
            var id = new VolunteerId(v);
            perCity[pool.City(id)]++;
            onDuty += pool.Duty(id) == DutyState.OnDuty ? 1 : 0;
            committed += pool.Commitment(id) == CommitmentState.Free ? 0 : 1;
            for (int s = 0; s < holders.Length; s++)
            {
                holders[s] += pool.LevelOf(id, pool.Catalog.All[s].Skill) is null ? 0 : 1;
            }
        }

        var skills = pool.Catalog.All.Select((d, i) => ($"{d.NameZh} {d.Key}", holders[i])).ToList();
        return new PoolSummary(pool.Count, pool.Teams.Count, onDuty, committed, perCity, skills);
    }

    /// <summary>Renders the summary plus extra rows (file, timings).</summary>
    public void Render(IAnsiConsole console, IEnumerable<(string Name, string Value)> extra)
    {
        var main = new Table().Title("Pool").AddColumn("Figure").AddColumn(new TableColumn("Value").RightAligned());
        main.AddRow("Volunteers", Count(Volunteers));
        main.AddRow("Teams", Count(Teams));
        main.AddRow("On duty", $"{Count(OnDuty)} ({Percent(OnDuty, Volunteers)})");
        main.AddRow("Offered / assigned", Count(Committed));
        foreach (var (skill, n) in Skills)
        {
            main.AddRow(Markup.Escape($"Skill {skill}"), $"{Count(n)} ({Percent(n, Volunteers)})");
        }

        foreach (var (name, value) in extra)
        {
            main.AddRow(Markup.Escape(name), Markup.Escape(value));
        }

        double population = JiangsuCity.All.Sum(c => (double)c.Population);
        var cities = new Table().Title("Cities").AddColumn("City").AddColumn("Adcode")
            .AddColumn(new TableColumn("Volunteers").RightAligned()).AddColumn(new TableColumn("Share").RightAligned())
            .AddColumn(new TableColumn("Population share").RightAligned());
        foreach (var city in JiangsuCity.All)
        {
            int n = PerCity[city.Index];
            cities.AddRow(
                $"{city.NameZh} {city.NameEn}",
                city.Adcode.ToString(System.Globalization.CultureInfo.InvariantCulture),
                Count(n),
                Percent(n, Volunteers),
                FormattableString.Invariant($"{city.Population / population:P1}"));
        }

        console.Write(main);
        console.Write(cities);
    }

    private static string Count(int n) => n.ToString("N0", System.Globalization.CultureInfo.InvariantCulture);

    private static string Percent(int n, int total) =>
        total == 0 ? "–" : FormattableString.Invariant($"{n / (double)total:P2}");
}
