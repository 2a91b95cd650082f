using System.Runtime.InteropServices;
using Dispatch.Engine.Pool;

namespace Dispatch.Engine.Matching;

/// <summary>
/// Everything ranking needs about one volunteer for one skill, in 32 bytes: the hot index stores these inline so a
/// query never touches the pool's columns. Built from the columns by <see cref="From"/>, so the index and a scan of
/// the pool evaluate bit-identical inputs.
/// </summary>
[StructLayout(LayoutKind.Sequential, Pack = 4)]
internal struct CandidateFacts
{
    public int Volunteer;
    public float Latitude;
    public float Longitude;
    public int LastSeen;
    public int RestingUntil;
    public short CertificationUntil;
    public short InsuranceUntil;
    public short AdultFrom;
    public ushort HoursTenths;
    public ushort OffersReceived;
    public ushort OffersAccepted;

    public static CandidateFacts From(VolunteerPool pool, int v, Skill skill) => new()
    {
        Volunteer = v,
        Latitude = pool.LastLatColumn[v],
        Longitude = pool.LastLonColumn[v],
        LastSeen = pool.LastSeenColumn[v],
        RestingUntil = pool.RestingUntilColumn[v],
        CertificationUntil = pool.CertUntilColumns[skill.Code]![v],
        InsuranceUntil = pool.InsuranceUntilColumn[v],
        AdultFrom = AdultFromStamp(pool.BirthDayColumn[v]),
        HoursTenths = pool.HoursTenthsColumn[v],
        OffersReceived = pool.OffersReceivedColumn[v],
        OffersAccepted = pool.OffersAcceptedColumn[v],
    };

    private static short AdultFromStamp(short birthDay)
    {
        var birth = PoolTime.FromDayStamp(birthDay);
        if (birth is null)
        {
            return short.MaxValue; // no birth date: treated as a minor, never dispatched
        }

        var adult = PoolTime.AdultFrom(birth.Value);
        return adult;
    }
}
