using Dispatch.Engine.Geo;

namespace Dispatch.Engine.Matching;

/// <summary>Where a requirement may find candidates: every one of them is within <see cref="Radius"/> of <see cref="Centre"/>.</summary>
/// <param name="Centre">The incident's location.</param>
/// <param name="Radius">The search radius.</param>
public readonly record struct SearchArea(GeoPoint Centre, Meters Radius)
{
    /// <summary>
    /// True when <paramref name="point"/> is inside the area, with <see cref="MatchLocality.Margin"/> to spare (the test
    /// errs towards "inside", which costs a search, never a missed candidate).
    /// </summary>
    public bool Holds(GeoPoint point) => Haversine.Distance(Centre, point).Value <= Radius.Value + MatchLocality.Margin.Value;
}

/// <summary>
/// Which open requirements a matching round has to solve. A requirement that wants more offers took, in its last round,
/// every free eligible volunteer in its search area it had not asked before (or lost them to a requirement that now
/// holds them with an offer); it can gain only from a volunteer who became available in its area since. So a round
/// started by a change solves the requirements the change is about (a new incident's, a declined offer's, an escalated
/// one's) together with those whose areas hold a volunteer who just became available — not every open requirement in the
/// province, each of which would cost a full search of its area to find nothing new. Pure and thread-safe.
/// </summary>
public static class MatchLocality
{
    /// <summary>Slack on every containment test (the index measures on the same sphere; this only widens the test).</summary>
    public static readonly Meters Margin = new(100);

    /// <summary>One flag per area of <paramref name="open"/>: whether it holds any of <paramref name="points"/>.</summary>
    public static bool[] Holding(IReadOnlyList<SearchArea> open, IReadOnlyList<GeoPoint> points)
    {
        ArgumentNullException.ThrowIfNull(open);
        ArgumentNullException.ThrowIfNull(points);
        var holds = new bool[open.Count];
        for (int i = 0; i < open.Count; i++)
        {
            foreach (var point in points)
            {
                if (open[i].Holds(point))
                {
                    holds[i] = true;
                    break;
                }
            }
        }

        return holds;
    }
}
