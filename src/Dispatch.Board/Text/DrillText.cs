using System.Globalization;
using Dispatch.Board.Ports;

namespace Dispatch.Board.Text;

/// <summary>
/// The trainer console's texts (应急演练 · 比武竞赛), zh-CN and English side by side like <see cref="Lang"/>. Every drill
/// name carries the 【演练】 mark.
/// </summary>
public static class DrillText
{
    public const string Mark = "【演练】";

    public static string RunState(this Lang l, DrillRunState state) => state switch
    {
        DrillRunState.Running => l.T("进行中", "Running"),
        DrillRunState.Paused => l.T("已暂停", "Paused"),
        DrillRunState.Completed => l.T("已完成", "Finished"),
        DrillRunState.Stopped => l.T("已停止", "Stopped"),
        DrillRunState.Failed => l.T("失败", "Failed"),
        _ => state.ToString(),
    };

    /// <summary>A stored result status (completed, stopped).</summary>
    public static string ResultStatus(this Lang l, string status) => status switch
    {
        "completed" => l.T("已完成", "Finished"),
        "stopped" => l.T("已停止", "Stopped"),
        _ => status,
    };

    /// <summary>The scenario's name in the console's language; the 【演练】 mark is added by the caller's markup.</summary>
    public static string Name(this Lang l, string zh, string? en) => l.IsEnglish && !string.IsNullOrWhiteSpace(en) ? en : zh;

    public static string Speed(this Lang l, double? speed) =>
        speed is { } n ? string.Create(CultureInfo.InvariantCulture, $"{n:0.##}×") : l.T("最快", "max");

    /// <summary>The score band a scenario declares, e.g. [90, 100].</summary>
    public static string Band(double min, double max) => string.Create(CultureInfo.InvariantCulture, $"[{min:0.##}, {max:0.##}]");

    public static string Points(double score) => score.ToString("0.00", CultureInfo.InvariantCulture);

    public static string Percent(double share) => (share * 100).ToString("0.0", CultureInfo.InvariantCulture) + " %";

    /// <summary>A fill time in seconds or minutes ("—" when nothing was filled).</summary>
    public static string FillTime(this Lang l, TimeSpan? time) => time switch
    {
        null => "—",
        { TotalSeconds: < 120 } t => l.T($"{t.TotalSeconds:0} 秒", $"{t.TotalSeconds:0} s"),
        { } t => l.T($"{t.TotalMinutes:0.0} 分钟", $"{t.TotalMinutes:0.0} min"),
    };

    /// <summary>Virtual time reached, as h:mm / h:mm.</summary>
    public static string Clock(TimeSpan at) => string.Create(CultureInfo.InvariantCulture, $"{(int)at.TotalHours}:{at.Minutes:00}");

    public static string WithinBand(this Lang l, bool within) => within ? l.T("达标", "within band") : l.T("未达标", "below band");
}
