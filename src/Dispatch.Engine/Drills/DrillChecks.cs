using System.Globalization;
using Dispatch.Engine.Geo;
using Dispatch.Engine.PrePlans;

namespace Dispatch.Engine.Drills;

/// <summary>Shared argument checks of the drill model; every failure is an <see cref="ArgumentException"/>.</summary>
internal static class DrillChecks
{
    public static void Key(string key, string what, string paramName)
    {
        // Same key grammar as incident types, so ids read alike in files, logs and URLs.
        if (!IncidentType.IsValidKey(key))
        {
            throw new ArgumentException(
                $"{what} '{key}' is invalid: use lower-case ASCII letters, digits and '_' starting with a letter.", paramName);
        }
    }

    public static IReadOnlyList<JiangsuCity> Cities(IReadOnlyList<int>? adcodes, string paramName, bool allowEmpty)
    {
        if (adcodes is null || adcodes.Count == 0)
        {
            return allowEmpty ? [] : throw new ArgumentException("At least one city adcode is required.", paramName);
        }

        if (adcodes.Distinct().Count() != adcodes.Count)
        {
            throw new ArgumentException("A city adcode is listed twice.", paramName);
        }

        return [.. adcodes.Select(JiangsuCity.ByAdcode)];
    }

    public static double Probability(double value, string what, string paramName, bool allowOne = true)
    {
        bool ok = double.IsFinite(value) && value >= 0 && (allowOne ? value <= 1 : value < 1);
        return ok
            ? value
            : throw new ArgumentOutOfRangeException(paramName, value, $"{what} must lie in [0, 1{(allowOne ? "]" : ")")}.");
    }

    public static TimeSpan Positive(TimeSpan value, string what, string paramName) =>
        value > TimeSpan.Zero
            ? value
            : throw new ArgumentOutOfRangeException(paramName, value, $"{what} must be positive.");

    public static Meters PositiveMeters(Meters value, string what, string paramName) =>
        double.IsFinite(value.Value) && value.Value > 0
            ? value
            : throw new ArgumentOutOfRangeException(paramName, value, $"{what} must be a positive distance.");

    public static string Format(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);
}
