using Dispatch.Engine.Pool;

namespace Dispatch.Engine.Matching;

/// <summary>An eligible volunteer with their level in the requested skill and the breakdown of their score.</summary>
public readonly record struct RankedCandidate(VolunteerId Volunteer, SkillLevel Level, ScoreBreakdown Score)
{
    /// <summary>Ranking order: higher total first, then lower volunteer id (deterministic ties).</summary>
    public static int Compare(in RankedCandidate a, in RankedCandidate b)
    {
        int c = b.Score.Total.CompareTo(a.Score.Total);
        return c != 0 ? c : a.Volunteer.Value.CompareTo(b.Volunteer.Value);
    }
}
