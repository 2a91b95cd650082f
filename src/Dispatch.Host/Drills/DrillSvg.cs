using System.Globalization;
using System.Net;
using System.Text;
using Dispatch.Engine.Drills;

namespace Dispatch.Host.Drills;

/// <summary>Inline SVG plots for the after-action report: no script, no fonts or files from outside the page.</summary>
internal static class DrillSvg
{
    private const int Width = 720;
    private const int Left = 48;
    private const int Right = 16;
    private const int Top = 16;
    private const int Bottom = 32;

    /// <summary>A step plot of filled (solid) and planned seats (dashed) over the drill's hours.</summary>
    public static string FillCurve(FillCurve curve, TimeSpan duration, int height = 220, string title = "")
    {
        int maxSeats = Math.Max(1, curve.Points.Count == 0 ? 1 : curve.Points.Max(p => Math.Max(p.Seats, p.Filled)));
        var svg = Open(height, title);
        Axes(svg, height, duration, maxSeats);
        svg.Append(Path(curve.Points, duration, maxSeats, height, p => p.Seats, "#999", "5,4"));
        svg.Append(Path(curve.Points, duration, maxSeats, height, p => p.Filled, "#c0392b", null));
        svg.Append(Text(Width - Right - 170, Top + 12, "— 已到位 filled   - - 需求 seats", "#333"));
        return svg.Append("</svg>").ToString();
    }

    /// <summary>Per requirement (one row each), a dot at every seat's fill time.</summary>
    public static string FillTimes(IReadOnlyList<(string Label, IReadOnlyList<TimeSpan> Times)> rows, TimeSpan maxTime)
    {
        const int Row = 18;
        int height = Top + Bottom + (Math.Max(1, rows.Count) * Row);
        double max = Math.Max(60, maxTime.TotalSeconds);
        var svg = Open(height, "fill times");
        int left = 200;
        for (int i = 0; i < rows.Count; i++)
        {
            int y = Top + (i * Row) + (Row / 2);
            svg.Append(Text(4, y + 4, rows[i].Label, "#333"));
            svg.Append(F($"<line x1=\"{left}\" y1=\"{y}\" x2=\"{Width - Right}\" y2=\"{y}\" stroke=\"#eee\"/>"));
            foreach (var t in rows[i].Times)
            {
                double x = left + ((Width - Right - left) * t.TotalSeconds / max);
                svg.Append(F($"<circle cx=\"{x:F1}\" cy=\"{y}\" r=\"3\" fill=\"#2c7fb8\" fill-opacity=\"0.7\"/>"));
            }
        }

        int axisY = height - Bottom + 4;
        for (int k = 0; k <= 4; k++)
        {
            double x = left + ((Width - Right - left) * k / 4.0);
            svg.Append(Text(x - 10, axisY + 14, Minutes(max * k / 4), "#666"));
        }

        svg.Append(Text(Width - 120, axisY + 28, "分钟 minutes", "#666"));
        return svg.Append("</svg>").ToString();
    }

    /// <summary>Bars: how many volunteers had each count (offers per volunteer).</summary>
    public static string Distribution(IReadOnlyList<(int Count, int Volunteers)> bins, string xLabel)
    {
        int height = 200;
        int maxV = Math.Max(1, bins.Count == 0 ? 1 : bins.Max(b => b.Volunteers));
        int n = Math.Max(1, bins.Count);
        var svg = Open(height, xLabel);
        double band = (Width - Left - Right) / (double)n;
        for (int i = 0; i < bins.Count; i++)
        {
            double h = (height - Top - Bottom) * bins[i].Volunteers / (double)maxV;
            double x = Left + (i * band) + 2;
            double y = height - Bottom - h;
            svg.Append(F($"<rect x=\"{x:F1}\" y=\"{y:F1}\" width=\"{Math.Max(1, band - 4):F1}\" height=\"{h:F1}\" fill=\"#74a9cf\"><title>{bins[i].Count}: {bins[i].Volunteers}</title></rect>"));
            svg.Append(Text(x + (band / 2) - 6, height - Bottom + 14, bins[i].Count.ToString(CultureInfo.InvariantCulture), "#333"));
            svg.Append(Text(x + (band / 2) - 8, y - 3, bins[i].Volunteers.ToString(CultureInfo.InvariantCulture), "#333"));
        }

        svg.Append(Text(Left, height - 4, xLabel, "#666"));
        return svg.Append("</svg>").ToString();
    }

    private static StringBuilder Open(int height, string title) =>
        new StringBuilder().Append(F($"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {Width} {height}\" width=\"{Width}\" height=\"{height}\" role=\"img\" aria-label=\"{WebUtility.HtmlEncode(title)}\">"));

    private static void Axes(StringBuilder svg, int height, TimeSpan duration, int maxSeats)
    {
        int x0 = Left;
        int y0 = height - Bottom;
        svg.Append(F($"<line x1=\"{x0}\" y1=\"{y0}\" x2=\"{Width - Right}\" y2=\"{y0}\" stroke=\"#333\"/>"));
        svg.Append(F($"<line x1=\"{x0}\" y1=\"{Top}\" x2=\"{x0}\" y2=\"{y0}\" stroke=\"#333\"/>"));
        for (int k = 0; k <= 4; k++)
        {
            double x = x0 + ((Width - Right - x0) * k / 4.0);
            svg.Append(Text(x - 12, y0 + 14, Hours(duration.TotalSeconds * k / 4), "#666"));
            int seats = (int)Math.Round(maxSeats * k / 4.0);
            double y = y0 - ((y0 - Top) * k / 4.0);
            svg.Append(Text(4, y + 4, seats.ToString(CultureInfo.InvariantCulture), "#666"));
            svg.Append(F($"<line x1=\"{x0}\" y1=\"{y:F1}\" x2=\"{Width - Right}\" y2=\"{y:F1}\" stroke=\"#eee\"/>"));
        }

        svg.Append(Text(Width - 110, height - 2, "时 h:mm", "#666"));
    }

    private static string Path(IReadOnlyList<FillPoint> points, TimeSpan duration, int maxSeats, int height, Func<FillPoint, int> value, string colour, string? dash)
    {
        double total = Math.Max(1, duration.TotalSeconds);
        double X(TimeSpan t) => Left + ((Width - Left - Right) * Math.Min(1, t.TotalSeconds / total));
        double Y(int v) => height - Bottom - ((height - Top - Bottom) * v / (double)maxSeats);
        var d = new StringBuilder(F($"M{X(TimeSpan.Zero):F1},{Y(0):F1}"));
        int last = 0;
        foreach (var p in points)
        {
            d.Append(F($" H{X(p.At):F1} V{Y(value(p)):F1}"));
            last = value(p);
        }

        d.Append(F($" H{X(duration):F1} V{Y(last):F1}"));
        string dashing = dash is null ? "" : $" stroke-dasharray=\"{dash}\"";
        return $"<path d=\"{d}\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"2\"{dashing}/>";
    }

    private static string Text(double x, double y, string text, string colour) =>
        F($"<text x=\"{x:F1}\" y=\"{y:F1}\" font-size=\"11\" fill=\"{colour}\">{WebUtility.HtmlEncode(text)}</text>");

    private static string Hours(double seconds) => F($"{(int)(seconds / 3600)}:{(int)(seconds % 3600 / 60):00}");

    private static string Minutes(double seconds) => F($"{seconds / 60:0.#}");

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
