using System.Text;
using Dispatch.Host.Audit;

namespace Dispatch.Host.Tests.Audit;

public sealed class AuditCsvTests
{
    [Fact]
    public void Csv_EventsWithCommasQuotesAndChinese_Rfc4180WithBom()
    {
        var at = new DateTimeOffset(2026, 6, 1, 9, 30, 0, TimeSpan.FromHours(8));
        var rows = new[]
        {
            new AuditEventDto(1, at, "commander:zhang", "offer.created", 7, 42, 9, "派单, \"紧急\"", "{\"score\":0.8}"),
            new AuditEventDto(2, at, "system:offer-timer", "offer.expired", 7, null, null, "超时", "{}"),
        };

        byte[] bytes = AuditApi.Csv(rows);

        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
        string[] lines = Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("Id,At,Actor,Kind,Incident,Volunteer,Offer,Reason,Payload", lines[0]);
        Assert.Equal("1,2026-06-01T01:30:00.0000000Z,commander:zhang,offer.created,7,42,9,\"派单, \"\"紧急\"\"\",\"{\"\"score\"\":0.8}\"", lines[1]);
        Assert.Equal("2,2026-06-01T01:30:00.0000000Z,system:offer-timer,offer.expired,7,,,超时,{}", lines[2]);
    }
}
