namespace Dispatch.Engine.Matching;

/// <summary>
/// Why a volunteer with the requested skill cannot be offered a task; also the vocabulary of shortfall reasons.
/// Checks run in the order of the members, so a volunteer is reported under the first rule they fail.
/// </summary>
public enum Ineligibility : byte
{
    /// <summary>Eligible.</summary>
    None = 0,

    /// <summary>Has the skill, below the required level.</summary>
    LevelTooLow,

    /// <summary>Under 18 on the dispatch date (Jiangsu 2021 regulation: no minors in rescue or dangerous work).</summary>
    Minor,

    /// <summary>The skill's certification is missing or expired (for medical: the legally required credential).</summary>
    CertificationExpired,

    /// <summary>No accident insurance valid for the task's time (Art. 17; 谁使用、谁招募、谁保障).</summary>
    Uninsured,

    /// <summary>Has not declared themself on duty.</summary>
    OffDuty,

    /// <summary>Already holds an offer or an assignment.</summary>
    Committed,

    /// <summary>In the rest period after a release.</summary>
    Resting,

    /// <summary>Service hours in the last 7 days reached the fatigue limit.</summary>
    OverFatigueLimit,

    /// <summary>The last-known position is older than the freshness limit (or was never reported).</summary>
    LocationStale,

    /// <summary>Beyond the search radius.</summary>
    OutsideRadius,
}
