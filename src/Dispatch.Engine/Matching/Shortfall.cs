namespace Dispatch.Engine.Matching;

/// <summary>
/// Why a requirement could not be filled (缺口): how many were needed and found, and for every volunteer with the skill
/// inside the radius the first rule they fail. <see cref="NobodyWithSkillInRadius"/> is the case where nobody with
/// the skill is near at all.
/// </summary>
public sealed record Shortfall(int Needed, int Found, IReadOnlyDictionary<Ineligibility, int> Reasons)
{
    public int Missing => Math.Max(0, Needed - Found);

    /// <summary>True when not a single volunteer with the skill (at any level, in any state) is inside the radius.</summary>
    public bool NobodyWithSkillInRadius => Reasons.Values.Sum() == 0 && Found == 0;

    /// <summary>The most common reason, or null when nobody with the skill is in the radius.</summary>
    public Ineligibility? MainReason =>
        Reasons.Count == 0 ? null : Reasons.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key).First().Key;
}
