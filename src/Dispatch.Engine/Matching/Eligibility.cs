using Dispatch.Engine.Pool;

namespace Dispatch.Engine.Matching;

/// <summary>
/// The eligibility rules, evaluated on <see cref="CandidateFacts"/> against a prepared <see cref="EligibilityContext"/>.
/// Pure and allocation-free. Rules run in the order of <see cref="Ineligibility"/>.
/// </summary>
internal static class Eligibility
{
    /// <summary>Checks everything except duty, commitment, level and radius, which the caller knows from where the facts come from.</summary>
    public static Ineligibility Check(in CandidateFacts f, in EligibilityContext c)
    {
        var reason = CheckPerson(f, c);
        return reason != Ineligibility.None ? reason : CheckMoment(f, c);
    }

    /// <summary>The rules about the person: age, certification, insurance.</summary>
    public static Ineligibility CheckPerson(in CandidateFacts f, in EligibilityContext c)
    {
        if (f.AdultFrom > c.Today)
        {
            return Ineligibility.Minor;
        }

        if (f.CertificationUntil == PoolTime.NoDay || f.CertificationUntil < c.Today)
        {
            return Ineligibility.CertificationExpired;
        }

        if (f.InsuranceUntil == PoolTime.NoDay || f.InsuranceUntil < c.InsuranceNeededUntil)
        {
            return Ineligibility.Uninsured;
        }

        return Ineligibility.None;
    }

    /// <summary>The rules about the moment: rest, fatigue, a fresh position.</summary>
    public static Ineligibility CheckMoment(in CandidateFacts f, in EligibilityContext c)
    {
        if (f.RestingUntil != PoolTime.Never && f.RestingUntil > c.Now)
        {
            return Ineligibility.Resting;
        }

        if (f.HoursTenths >= c.FatigueLimitTenths)
        {
            return Ineligibility.OverFatigueLimit;
        }

        if (f.LastSeen == PoolTime.Never || f.LastSeen < c.FreshSince)
        {
            return Ineligibility.LocationStale;
        }

        return Ineligibility.None;
    }
}

/// <summary>A query's eligibility limits in the encodings of <see cref="CandidateFacts"/>.</summary>
internal readonly struct EligibilityContext
{
    public EligibilityContext(MatchQuery query)
    {
        var now = query.Now;
        Today = PoolTime.ToDayStamp(PoolTime.ChinaDate(now));
        InsuranceNeededUntil = query.Hazardous
            ? PoolTime.ToDayStamp(PoolTime.ChinaDate(now + query.Policy.HazardousTaskWindow))
            : Today;
        Now = PoolTime.ToInstant(now);
        FreshSince = PoolTime.ToInstant(now - query.Policy.LocationFreshness);
        FatigueLimitTenths = (int)Math.Ceiling(query.Policy.FatigueLimitHours * 10.0);
    }

    public short Today { get; }
    public short InsuranceNeededUntil { get; }
    public int Now { get; }
    public int FreshSince { get; }
    public int FatigueLimitTenths { get; }
}
