using System.Globalization;
using System.Text;
using Dispatch.Engine.Drills;
using Dispatch.Engine.Pool;

namespace Dispatch.Host.Drills;

/// <summary>The report's CSV files (RFC 4180, UTF-8 with BOM so spreadsheet programs read the Chinese text).</summary>
internal static class DrillReportCsv
{
    public static string Requirements(DrillRunResult result, SkillCatalog catalog)
    {
        var csv = new StringBuilder("drill,incident,requirement,skill,seats,filled,short,opened_at_s,time_to_fill_s,fill_times_s,offers,declined,expired,shortfall_reasons\r\n");
        foreach (var r in result.Score.Requirements)
        {
            Line(csv, result.Scenario.Metadata.Id, r.IncidentId, N(r.Requirement.Value), catalog.Find(r.Skill)?.Key ?? r.Skill.ToString(), N(r.Seats), N(r.Filled), N(r.Short),
                N((long)r.OpenedAt.TotalSeconds), r.TimeToFill is { } t ? N((long)t.TotalSeconds) : "",
                string.Join(' ', r.FillTimes.Select(x => N((long)x.TotalSeconds))), N(r.OffersSent), N(r.Declined), N(r.Expired),
                string.Join(" | ", r.ShortfallReasons.Distinct(StringComparer.Ordinal)));
        }

        return csv.ToString();
    }

    public static string Events(DrillRunResult result)
    {
        var csv = new StringBuilder("at_s,event,requirement,offer,volunteer,detail\r\n");
        foreach (var e in result.Log.Events)
        {
            string at = e.At.TotalSeconds.ToString("F3", CultureInfo.InvariantCulture);
            _ = e switch
            {
                DrillEvent.RequirementOpened x => Line(csv, at, "requirement_opened", N(x.Requirement.Value), "", "", F($"{x.IncidentId} {x.Skill} seats={x.Seats}")),
                DrillEvent.SeatsChanged x => Line(csv, at, "seats_changed", N(x.Requirement.Value), "", "", F($"seats={x.Seats}")),
                DrillEvent.OfferSent x => Line(csv, at, "offer_sent", N(x.Requirement.Value), N(x.Offer.Value), N(x.Volunteer.Value), ""),
                DrillEvent.OfferAnswered x => Line(csv, at, x.Accepted ? "offer_accepted" : "offer_declined", "", N(x.Offer.Value), "", ""),
                DrillEvent.OfferExpired x => Line(csv, at, "offer_expired", "", N(x.Offer.Value), "", ""),
                DrillEvent.OfferWithdrawn x => Line(csv, at, "offer_withdrawn", "", N(x.Offer.Value), "", x.Reason.ToString()),
                DrillEvent.SeatFilled x => Line(csv, at, "seat_filled", N(x.Requirement.Value), "", N(x.Volunteer.Value), ""),
                DrillEvent.ShortfallRecorded x => Line(csv, at, "shortfall", N(x.Requirement.Value), "", "", x.Reason),
                _ => Line(csv, at, e.GetType().Name, "", "", "", ""),
            };
        }

        return csv.ToString();
    }

    public static string Volunteers(DrillRunResult result)
    {
        var csv = new StringBuilder("volunteer,offers,assignments\r\n");
        foreach (var (volunteer, offers) in result.OffersPerVolunteer)
        {
            Line(csv, N(volunteer.Value), N(offers), N(result.AssignmentsPerVolunteer.GetValueOrDefault(volunteer)));
        }

        return csv.ToString();
    }

    private static bool Line(StringBuilder csv, params string[] fields)
    {
        csv.AppendJoin(',', fields.Select(Quote)).Append("\r\n");
        return true;
    }

    private static string Quote(string field) =>
        field.AsSpan().IndexOfAny(",\"\r\n") < 0 ? field : $"\"{field.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";

    private static string N(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
