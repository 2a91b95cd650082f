using Dispatch.Engine.Geo;
using Dispatch.Engine.Pool;

namespace Dispatch.Host.Api;

/// <summary>A volunteer as the API shows them; <see cref="Masked"/> says whether personal data was reduced.</summary>
public sealed record VolunteerView(
    int Id,
    int CityAdcode,
    string CityNameZh,
    int? Team,
    IReadOnlyList<VolunteerSkillView> Skills,
    DutyState Duty,
    CommitmentState Commitment,
    DateOnly? InsuranceValidUntil,
    DateOnly? BirthDate,
    LocationView Location,
    string? Phone,
    bool Masked)
{
    /// <summary>Degrees of rounding for a coarse location: 0.01° ≈ 1.1 km north–south, ≈ 0.95 km east–west at 32° N.</summary>
    public const double CoarseDegrees = 0.01;

    public static VolunteerView Own(Volunteer v, string? phone)
    {
        ArgumentNullException.ThrowIfNull(v);
        return Build(v, phone, new LocationView(v.LastKnown.Latitude, v.LastKnown.Longitude, LocationPrecision.Precise, v.LastSeenAt), v.BirthDate, masked: false);
    }

    public static VolunteerView MaskedFor(Volunteer v, string? phone)
    {
        ArgumentNullException.ThrowIfNull(v);
        var location = new LocationView(Coarsen(v.LastKnown.Latitude), Coarsen(v.LastKnown.Longitude), LocationPrecision.Coarse1Km, v.LastSeenAt);
        return Build(v, phone is null ? null : DemoVolunteerContacts.Mask(phone), location, birthDate: null, masked: true);
    }

    /// <summary>A point rounded to <see cref="CoarseDegrees"/> (about 1 km): what every view outside an incident's command shows.</summary>
    public static (double Latitude, double Longitude) Coarsen(GeoPoint point) => (Coarsen(point.Latitude), Coarsen(point.Longitude));

    private static double Coarsen(double degrees) => Math.Round(Math.Round(degrees / CoarseDegrees) * CoarseDegrees, 2);

    private static VolunteerView Build(Volunteer v, string? phone, LocationView location, DateOnly? birthDate, bool masked)
    {
        var city = JiangsuCity.All[v.City];
        return new VolunteerView(
            v.Id.Value,
            city.Adcode,
            city.NameZh,
            v.Team == TeamId.None ? null : v.Team.Value,
            [.. v.Skills.Select(s => new VolunteerSkillView(s.Skill.ToString(), s.Level.Value, s.CertificationValidUntil))],
            v.Duty,
            v.Commitment,
            v.InsuranceValidUntil,
            birthDate,
            location,
            phone,
            masked);
    }
}

public sealed record VolunteerSkillView(string Skill, int Level, DateOnly? CertificationValidUntil);

/// <summary>WGS84 degrees; <see cref="Precision"/> says whether they were coarsened.</summary>
public sealed record LocationView(double Latitude, double Longitude, LocationPrecision Precision, DateTimeOffset? ReportedAt);

public enum LocationPrecision
{
    Precise,
    Coarse1Km,
}
