namespace Dispatch.Engine.PrePlans;

/// <summary>
/// The four-level Chinese emergency scale (突发事件分级), least to most severe. The numeric values order them;
/// Ⅳ级 is the lowest level and Ⅰ级 the highest.
/// </summary>
public enum Severity
{
    /// <summary>一般（Ⅳ级）.</summary>
    Minor = 1,

    /// <summary>较大（Ⅲ级）.</summary>
    Moderate = 2,

    /// <summary>重大（Ⅱ级）.</summary>
    Major = 3,

    /// <summary>特别重大（Ⅰ级）.</summary>
    Critical = 4,
}

/// <summary>Names and weights of <see cref="Severity"/> values.</summary>
public static class SeverityExtensions
{
    /// <summary>All severities, least to most severe.</summary>
    public static IReadOnlyList<Severity> All { get; } = [Severity.Minor, Severity.Moderate, Severity.Major, Severity.Critical];

    /// <summary>
    /// The priority weight (≥ 1) the batch assigner multiplies a requirement's score by when requirements of several
    /// incidents compete for the same volunteers.
    /// </summary>
    public static int PriorityWeight(this Severity severity) => severity switch
    {
        Severity.Minor => 1,
        Severity.Moderate => 2,
        Severity.Major => 3,
        Severity.Critical => 4,
    };

    /// <summary>The Chinese display name, e.g. 重大（Ⅱ级）.</summary>
    public static string NameZh(this Severity severity) => severity switch
    {
        Severity.Minor => "一般（Ⅳ级）",
        Severity.Moderate => "较大（Ⅲ级）",
        Severity.Major => "重大（Ⅱ级）",
        Severity.Critical => "特别重大（Ⅰ级）",
    };

    /// <summary>True for the four named values; an integer cast to <see cref="Severity"/> may be none of them.</summary>
    public static bool IsDefined(this Severity severity) => severity is >= Severity.Minor and <= Severity.Critical;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> unless the value is one of the four severities.</summary>
    public static Severity EnsureDefined(this Severity severity, string paramName) =>
        severity.IsDefined()
            ? severity
            : throw new ArgumentOutOfRangeException(paramName, severity, "Severity must be Minor, Moderate, Major or Critical.");
}
