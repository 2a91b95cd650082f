using System.Globalization;
using System.Net;
using System.Text;
using Dispatch.Engine.Drills;
using Dispatch.Engine.Pool;
using Dispatch.Engine.PrePlans;

namespace Dispatch.Host.Drills;

/// <summary>
/// The after-action report (演练总结报告) of one run: a self-contained HTML page (inline CSS and SVG, nothing fetched)
/// and CSV files. Everything in it follows from the run's result, so the same scenario and seed give the same bytes —
/// except the one line marked <c>data-generated</c>, which carries the generation time.
/// </summary>
public static class DrillReport
{
    /// <summary>The marker of the one line that differs between two runs of the same drill.</summary>
    public const string GeneratedMarker = "data-generated";

    /// <summary>Writes <c>report.html</c>, <c>requirements.csv</c>, <c>events.csv</c>, <c>volunteers.csv</c> into <paramref name="folder"/>.</summary>
    public static IReadOnlyList<string> Write(DrillRunResult result, PrePlanBook book, string folder, DateTimeOffset generatedAt)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(book);
        Directory.CreateDirectory(folder);
        var files = new List<string>();
        void Save(string name, string text)
        {
            string path = Path.Combine(folder, name);
            File.WriteAllText(path, text, new UTF8Encoding(encoderShouldEmitUTF8Identifier: name.EndsWith(".csv", StringComparison.Ordinal)));
            files.Add(path);
        }

        Save("report.html", Html(result, book, generatedAt));
        Save("requirements.csv", DrillReportCsv.Requirements(result, book.Catalog));
        Save("events.csv", DrillReportCsv.Events(result));
        Save("volunteers.csv", DrillReportCsv.Volunteers(result));
        return files;
    }

    public static string Html(DrillRunResult result, PrePlanBook book, DateTimeOffset generatedAt)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(book);
        var s = result.Scenario;
        var score = result.Score;
        var catalog = book.Catalog;
        var h = new StringBuilder();
        h.Append("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n<link rel=\"icon\" href=\"data:,\">\n");
        h.Append(F($"<title>【演练】{E(s.Metadata.NameZh)} — 演练总结报告</title>\n"));
        h.Append("<style>body{font-family:'WenQuanYi Micro Hei','Microsoft YaHei',sans-serif;margin:24px;color:#222;max-width:1000px}" +
            "h1{font-size:22px}h2{font-size:17px;border-bottom:1px solid #ccc;padding-bottom:4px;margin-top:28px}" +
            "table{border-collapse:collapse;font-size:13px;margin:8px 0}td,th{border:1px solid #ddd;padding:3px 6px;text-align:left;vertical-align:top}" +
            "th{background:#f3f3f3}.num{text-align:right}.drill{color:#c0392b;font-weight:bold}.ok{color:#1a7f37}.bad{color:#c0392b}.muted{color:#777;font-size:12px}</style>\n</head>\n<body>\n");
        h.Append(F($"<h1><span class=\"drill\">【演练】</span>{E(s.Metadata.NameZh)}<br><small>{E(s.Metadata.NameEn)} — after-action report</small></h1>\n"));
        h.Append(F($"<p>{E(s.Metadata.Description)}</p>\n"));
        h.Append("<table>\n");
        Row(h, "演练编号 Scenario", s.Metadata.Id);
        Row(h, "参演队伍 Team", result.Team);
        Row(h, "随机种子 Seed", s.Seed.ToString(CultureInfo.InvariantCulture));
        Row(h, "状态 Status", result.Status == DrillRunStatus.Completed ? "完成 completed" : "中止 stopped");
        Row(h, "虚拟开始 Virtual start", result.Start.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd HH:mm '(UTC+8)'", CultureInfo.InvariantCulture));
        Row(h, "时长 Duration", F($"{result.EndedAt:c} / {s.Duration:c}"));
        Row(h, "城市 Cities", string.Join("、", s.Metadata.Cities.Select(c => c.NameZh)));
        Row(h, "资源库 Pool", F($"{result.PoolSize:N0} 名志愿者（演练专用，独立生成 drill-only pool）"));
        Row(h, "演练目标 Objectives", string.Join("；", s.Metadata.Objectives));
        h.Append("</table>\n");
        h.Append(F($"<p class=\"muted\" {GeneratedMarker}>生成时间 Generated: {generatedAt.ToOffset(TimeSpan.FromHours(8)):yyyy-MM-dd HH:mm:ss} (UTC+8)</p>\n"));

        h.Append("<h2>得分 Score</h2>\n<table>\n");
        bool inBand = s.Band.Contains(score.Score);
        Row(h, "总分 Score", F($"{score.Score:F2} / 100"), true);
        h.Append(F($"<tr><th>分数区间 Declared band</th><td class=\"{(inBand ? "ok" : "bad")}\">{s.Band} {(inBand ? "✓ 在区间内 within" : "✗ 超出区间 outside")}</td></tr>\n"));
        Row(h, "席位 Seats", F($"{score.Filled} / {score.Seats} 已到位 filled"));
        Row(h, "到位用时 P90 Fill p90", score.FillP90 is { } p90 ? F($"{p90.TotalSeconds:F0} s") : "—");
        Row(h, "平均到位用时 Mean fill", result.MeanFill is { } mean ? F($"{mean.TotalSeconds:F0} s") : "—");
        Row(h, "派单邀请 Offers", F($"{result.OffersSent} 发出 sent · {result.Accepted} 接单 accepted · {result.Declined} 拒单 declined · {result.Expired} 超时 expired"));
        Row(h, "响应率 Response rate", F($"{result.ResponseRate:P1}"));
        Row(h, "到达 Arrivals", F($"{result.Arrivals.Count} 到场 on scene · {result.NoShows} 未到 no-show"));
        h.Append("</table>\n<table>\n<tr><th>目标 Target</th><th>权重 Weight</th><th>完成度 Achievement</th><th>得分 Points</th></tr>\n");
        double totalWeight = score.Targets.Sum(t => t.Target.Weight);
        foreach (var t in score.Targets)
        {
            h.Append(F($"<tr><td>{E(t.Summary)}</td><td class=\"num\">{t.Target.Weight:0.##}</td><td class=\"num {(t.Met ? "ok" : "bad")}\">{t.Achievement:P1}</td><td class=\"num\">{t.Points(totalWeight):F2}</td></tr>\n"));
        }

        h.Append("</table>\n");

        h.Append("<h2>到位曲线 Fill curve</h2>\n");
        h.Append(DrillSvg.FillCurve(score.Curve, s.Duration, 240, "all skills")).Append('\n');
        foreach (var (skill, curve) in score.CurveBySkill.OrderBy(kv => kv.Key.Code))
        {
            h.Append(F($"<h3>{E(SkillName(catalog, skill))}</h3>\n"));
            h.Append(DrillSvg.FillCurve(curve, s.Duration, 160, skill.ToString())).Append('\n');
        }

        h.Append("<h2>各需求到位用时 Per-requirement fill times</h2>\n<table>\n<tr><th>事件 Incident</th><th>技能 Skill</th><th>席位 Seats</th><th>到位 Filled</th>" +
            "<th>满员用时 Time to fill</th><th>P50</th><th>P90</th><th>最长 Max</th><th>邀请 Offers</th><th>拒单 Declined</th><th>超时 Expired</th></tr>\n");
        foreach (var r in score.Requirements)
        {
            var times = r.FillTimes.Order().ToArray();
            h.Append(F($"<tr><td>{E(r.IncidentId)}</td><td>{E(SkillName(catalog, r.Skill))}</td><td class=\"num\">{r.Seats}</td><td class=\"num\">{r.Filled}</td>"));
            h.Append(F($"<td class=\"num\">{Secs(r.TimeToFill)}</td><td class=\"num\">{Secs(Rank(times, 0.5))}</td><td class=\"num\">{Secs(Rank(times, 0.9))}</td><td class=\"num\">{Secs(times.Length == 0 ? null : times[^1])}</td>"));
            h.Append(F($"<td class=\"num\">{r.OffersSent}</td><td class=\"num\">{r.Declined}</td><td class=\"num\">{r.Expired}</td></tr>\n"));
        }

        h.Append("</table>\n");
        var rows = score.Requirements.Select(r => ($"{r.IncidentId} · {SkillName(catalog, r.Skill)}", r.FillTimes)).ToList();
        var maxFill = score.Requirements.SelectMany(r => r.FillTimes).DefaultIfEmpty(TimeSpan.Zero).Max();
        h.Append(DrillSvg.FillTimes(rows, maxFill)).Append('\n');

        h.Append("<h2>缺口与原因 Shortfalls</h2>\n");
        var shortReqs = score.Requirements.Where(r => r.Short > 0 || r.ShortfallReasons.Count > 0).ToArray();
        if (shortReqs.Length == 0)
        {
            h.Append("<p class=\"ok\">无缺口 No shortfall was recorded.</p>\n");
        }
        else
        {
            h.Append("<table>\n<tr><th>事件 Incident</th><th>技能 Skill</th><th>结束时缺口 Short at end</th><th>记录次数 Recorded</th><th>首次原因 First reason</th><th>最后原因 Last reason</th></tr>\n");
            foreach (var r in shortReqs)
            {
                string first = r.ShortfallReasons.Count == 0 ? "" : E(r.ShortfallReasons[0]);
                string last = r.ShortfallUnexplained
                    ? "<span class=\"bad\">未记录原因 unexplained</span>"
                    : r.ShortfallReasons.Count > 1 ? E(r.ShortfallReasons[^1]) : "";
                string state = r.Short > 0 ? F($"{r.Short}") : "0（后补齐 filled later）";
                h.Append(F($"<tr><td>{E(r.IncidentId)}</td><td>{E(SkillName(catalog, r.Skill))}</td><td class=\"num\">{state}</td><td class=\"num\">{r.ShortfallReasons.Count}</td><td>{first}</td><td>{last}</td></tr>\n"));
            }

            h.Append("</table>\n");
        }

        var offers = DrillFairness.Of(result.OffersPerVolunteer.Values);
        var assignments = DrillFairness.Of(result.AssignmentsPerVolunteer.Values);
        h.Append("<h2>公平性 Fairness across volunteers</h2>\n<table>\n<tr><th></th><th>志愿者 Volunteers</th><th>合计 Total</th><th>人均 Mean</th><th>最多 Max</th><th>基尼系数 Gini</th></tr>\n");
        h.Append(F($"<tr><td>收到邀请 Offers received</td><td class=\"num\">{offers.Volunteers}</td><td class=\"num\">{offers.Total}</td><td class=\"num\">{offers.Mean:F2}</td><td class=\"num\">{offers.Max}</td><td class=\"num\">{offers.Gini:F3}</td></tr>\n"));
        h.Append(F($"<tr><td>派单 Assignments</td><td class=\"num\">{assignments.Volunteers}</td><td class=\"num\">{assignments.Total}</td><td class=\"num\">{assignments.Mean:F2}</td><td class=\"num\">{assignments.Max}</td><td class=\"num\">{assignments.Gini:F3}</td></tr>\n"));
        h.Append("</table>\n<p>每名志愿者收到的邀请数分布 Offers per volunteer:</p>\n");
        h.Append(DrillSvg.Distribution(offers.Distribution, "邀请数 offers per volunteer → 人数 volunteers")).Append('\n');

        h.Append("<h2>事件时间线 Event timeline</h2>\n<table>\n<tr><th>时间 Time</th><th>事件 Incident</th><th>类型 Kind</th><th>内容 What</th></tr>\n");
        // Repeated shortfalls of one requirement (every re-match records one) are folded into their first line.
        static string ShortfallKey(DrillTimelineEntry line) => $"{line.Incident}|{line.Text.Split(':')[0]}";
        var shortfallLines = result.Timeline.Where(l => l.Kind == "shortfall.recorded").GroupBy(ShortfallKey).ToDictionary(g => g.Key, g => g.Count());
        var shown = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in result.Timeline)
        {
            string more = "";
            if (line.Kind == "shortfall.recorded")
            {
                string key = ShortfallKey(line);
                if (!shown.Add(key))
                {
                    continue;
                }

                more = shortfallLines[key] > 1 ? F($"（此后又记录 {shortfallLines[key] - 1} 次 and {shortfallLines[key] - 1} more, see Shortfalls）") : "";
            }

            h.Append(F($"<tr><td>{line.At:hh\\:mm\\:ss}</td><td>{E(line.Incident ?? "")}</td><td>{E(line.Kind)}</td><td>{E(line.Text)}{E(more)}</td></tr>\n"));
        }

        h.Append("</table>\n<p class=\"muted\">【演练】本报告中的事件、派单邀请与志愿者均为演练数据，与实际资源库和记录无关。Drill data only: no live incident, offer or volunteer was touched.</p>\n</body>\n</html>\n");
        return h.ToString();
    }

    internal static string SkillName(SkillCatalog catalog, Skill skill) =>
        catalog.Find(skill) is { } d ? $"{d.NameZh} {d.Key}" : skill.ToString();

    private static TimeSpan? Rank(TimeSpan[] sorted, double q) => sorted.Length == 0 ? null : sorted[(int)Math.Ceiling(q * sorted.Length) - 1];

    private static string Secs(TimeSpan? t) => t is { } v ? F($"{v.TotalSeconds:F0} s") : "—";

    private static void Row(StringBuilder h, string label, string value, bool strong = false) =>
        h.Append(F($"<tr><th>{E(label)}</th><td>{(strong ? "<strong>" : "")}{E(value)}{(strong ? "</strong>" : "")}</td></tr>\n"));

    private static string E(string text) => WebUtility.HtmlEncode(text);

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
