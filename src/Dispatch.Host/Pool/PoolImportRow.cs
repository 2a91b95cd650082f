using Dispatch.Engine.Geo;
using Dispatch.Engine.Pool;

namespace Dispatch.Host.Pool;

/// <summary>One validated CSV row of <c>pool import</c>.</summary>
/// <param name="Line">The 1-based line of the CSV where the row starts.</param>
/// <param name="ExternalId">The volunteer's id in the organisation's own register.</param>
/// <param name="Name">Personal data: goes to the contacts side file only.</param>
/// <param name="Phone">Personal data, normalised to 11 digits: goes to the contacts side file only.</param>
/// <param name="BirthDate">Birth date.</param>
/// <param name="City">Registration city.</param>
/// <param name="Team">Team name within the city, or null for none.</param>
/// <param name="Home">Home position (WGS84).</param>
/// <param name="Skills">Skills with levels and certification dates.</param>
/// <param name="InsuranceValidUntil">Last day of accident insurance, or null for none.</param>
/// <param name="OnDuty">Whether the volunteer starts on duty.</param>
internal sealed record PoolImportRow(
    long Line,
    string ExternalId,
    string Name,
    string Phone,
    DateOnly BirthDate,
    JiangsuCity City,
    string? Team,
    GeoPoint Home,
    IReadOnlyList<VolunteerSkill> Skills,
    DateOnly? InsuranceValidUntil,
    bool OnDuty);
