using System.Globalization;
using Dispatch.Engine.PrePlans;

namespace Dispatch.Board.Text;

/// <summary>
/// The board's language: zh-CN by default, English on request (<c>?lang=en</c>). Components take it as a cascading
/// value and write both texts side by side (<c>L.T("接单", "Accepted")</c>), so a missing translation cannot hide.
/// </summary>
public sealed record Lang(bool IsEnglish)
{
    public static Lang Chinese { get; } = new(false);

    public static Lang English { get; } = new(true);

    public string Code => IsEnglish ? "en" : "zh-CN";

    public string T(string zh, string en) => IsEnglish ? en : zh;

    /// <summary>A point in time in Beijing time (Asia/Shanghai, UTC+8, no daylight saving since 1991).</summary>
    public static string Time(DateTimeOffset at) => ChinaTime.Of(at).ToString("HH:mm:ss", CultureInfo.InvariantCulture);

    public static string DateTime(DateTimeOffset at) => ChinaTime.Of(at).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    /// <summary>An age or duration, coarsest useful unit first: 45 秒, 12 分钟, 3 小时 5 分.</summary>
    public string Duration(TimeSpan span)
    {
        if (span < TimeSpan.Zero)
        {
            span = TimeSpan.Zero;
        }

        if (span.TotalMinutes < 1)
        {
            return T($"{(int)span.TotalSeconds} 秒", $"{(int)span.TotalSeconds} s");
        }

        if (span.TotalHours < 1)
        {
            return T($"{(int)span.TotalMinutes} 分钟", $"{(int)span.TotalMinutes} min");
        }

        return T($"{(int)span.TotalHours} 小时 {span.Minutes} 分", $"{(int)span.TotalHours} h {span.Minutes} min");
    }

    /// <summary>A countdown as m:ss.</summary>
    public static string Countdown(TimeSpan left)
    {
        if (left < TimeSpan.Zero)
        {
            left = TimeSpan.Zero;
        }

        return string.Create(CultureInfo.InvariantCulture, $"{(int)left.TotalMinutes}:{left.Seconds:00}");
    }

    public static string Km(double meters) => (meters / 1000).ToString("0.0", CultureInfo.InvariantCulture) + " km";

    public static string Minutes(double seconds) => Math.Ceiling(seconds / 60).ToString("0", CultureInfo.InvariantCulture) + " min";

    public static string Score(double value) => value.ToString("0.000", CultureInfo.InvariantCulture);

    public string Severity(Severity severity) => severity switch
    {
        Engine.PrePlans.Severity.Minor => T("一般", "Minor"),
        Engine.PrePlans.Severity.Moderate => T("较大", "Moderate"),
        Engine.PrePlans.Severity.Major => T("重大", "Major"),
        Engine.PrePlans.Severity.Critical => T("特别重大", "Critical"),
        _ => severity.ToString(),
    };

    public string OfferState(string state) => state switch
    {
        "pending" => T("待答复", "Pending"),
        "accepted" => T("已接单", "Accepted"),
        "declined" => T("已拒单", "Declined"),
        "expired" => T("已超时", "Expired"),
        "withdrawn" => T("已撤回", "Withdrawn"),
        _ => state,
    };

    public string AssignmentState(string state) => state switch
    {
        "accepted" => T("已接单", "Accepted"),
        "en_route" => T("出发", "En route"),
        "on_scene" => T("到达", "On scene"),
        "released" => T("已释放", "Released"),
        "cancelled" => T("已取消", "Cancelled"),
        _ => state,
    };

    public string Skill(string key, string zh, string en) => IsEnglish ? en : zh;

    /// <summary>An audit kind in words (the stored kind stays visible in a tooltip).</summary>
    public string Kind(string kind) => kind switch
    {
        "incident.created" => T("创建事件", "Incident opened"),
        "requirement.planned" => T("生成需求", "Requirement planned"),
        "requirement.matched" => T("匹配排序", "Candidates ranked"),
        "offer.created" => T("发出邀请", "Offer sent"),
        "offer.skipped" => T("跳过邀请", "Offer skipped"),
        "offer.acked" => T("已送达", "Offer delivered"),
        "offer.accepted" => T("接单", "Accepted"),
        "offer.declined" => T("拒单", "Declined"),
        "offer.expired" => T("超时", "Expired"),
        "offer.withdrawn" => T("撤回", "Withdrawn"),
        "requirement.filled" => T("需求满员", "Requirement filled"),
        "shortfall.recorded" => T("缺口", "Shortfall"),
        "escalation.applied" => T("升级", "Escalated"),
        "escalation.exhausted" => T("升级用尽", "Escalation exhausted"),
        "assignment.status" => T("状态更新", "Status"),
        "assignment.released" => T("释放", "Released"),
        "assignment.reviewed" => T("评单", "Reviewed"),
        "assignment.done_reported" => T("报告完成", "Reported done"),
        "ledger.credited" => T("记入时长积分", "Ledger credited"),
        "incident.closed" => T("结束事件", "Incident closed"),
        "incident.cancelled" => T("取消事件", "Incident cancelled"),
        "incident.severity_changed" => T("调整等级", "Severity changed"),
        "requirement.replanned" => T("需求调整", "Requirement re-planned"),
        "privacy.location_read" => T("读取精确位置", "Precise location read"),
        "privacy.phone_revealed" => T("查看完整电话", "Phone revealed"),
        _ => kind,
    };
}

/// <summary>Beijing time for display; the record keeps UTC instants.</summary>
public static class ChinaTime
{
    public static readonly TimeSpan Offset = TimeSpan.FromHours(8);

    public static DateTimeOffset Of(DateTimeOffset at) => at.ToOffset(Offset);
}
