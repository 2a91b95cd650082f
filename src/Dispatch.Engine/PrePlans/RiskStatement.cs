using System.Text;
using System.Text.RegularExpressions;

namespace Dispatch.Engine.PrePlans;

/// <summary>
/// The risk statement template carried by every offer (风险告知, 志愿服务条例 Art. 12; GB/T 40143-2021 §6.1).
/// Placeholders in braces are filled when the offer is written: <c>{incident}</c> (incident type name),
/// <c>{severity}</c>, <c>{meeting_point}</c> and <c>{time_window}</c>. The rendered text is stored with the offer.
/// </summary>
public static partial class RiskStatement
{
    /// <summary>The placeholders a template may use.</summary>
    public static IReadOnlyList<string> Placeholders { get; } = ["incident", "severity", "meeting_point", "time_window"];

    /// <summary>Throws <see cref="ArgumentException"/> for a blank template or an unknown placeholder; returns the template.</summary>
    public static string Validate(string template, string paramName)
    {
        if (string.IsNullOrWhiteSpace(template))
        {
            throw new ArgumentException("A risk statement template is required.", paramName);
        }

        foreach (Match m in PlaceholderPattern().Matches(template))
        {
            string name = m.Groups[1].Value;
            if (!Placeholders.Contains(name, StringComparer.Ordinal))
            {
                throw new ArgumentException(
                    $"Unknown placeholder '{{{name}}}' in risk statement; known: {string.Join(", ", Placeholders.Select(p => "{" + p + "}"))}.",
                    paramName);
            }
        }

        return template;
    }

    /// <summary>Fills the placeholders of a validated template.</summary>
    public static string Render(string template, IncidentType type, Severity severity, string meetingPoint, string timeWindow)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(meetingPoint);
        ArgumentNullException.ThrowIfNull(timeWindow);
        return new StringBuilder(template)
            .Replace("{incident}", type.NameZh)
            .Replace("{severity}", severity.EnsureDefined(nameof(severity)).NameZh())
            .Replace("{meeting_point}", meetingPoint)
            .Replace("{time_window}", timeWindow)
            .ToString();
    }

    [GeneratedRegex(@"\{([^{}]*)\}")]
    private static partial Regex PlaceholderPattern();
}
