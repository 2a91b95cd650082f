namespace Dispatch.Engine.PrePlans;

/// <summary>
/// A kind of incident (突发事件类型), defined by data rather than an enum so admins can add types without a release.
/// </summary>
/// <remarks>
/// <see cref="Hazardous"/> types endanger the volunteer: under 志愿服务条例 Art. 17 such offers are only sent to
/// volunteers with valid accident insurance for the time of the incident.
/// </remarks>
public sealed record IncidentType
{
    /// <summary>Creates a type; throws <see cref="ArgumentException"/> for a malformed key or a blank name.</summary>
    /// <param name="key">Stable key used in data files and APIs: lower-case ASCII letters, digits and '_' (<c>chemical_leak</c>).</param>
    /// <param name="nameZh">Display name in Chinese (危化品泄漏).</param>
    /// <param name="nameEn">Display name in English.</param>
    /// <param name="hazardous">True when the incident may endanger volunteers, so insurance cover is required.</param>
    public IncidentType(string key, string nameZh, string nameEn, bool hazardous)
    {
        if (!IsValidKey(key))
        {
            throw new ArgumentException(
                $"Incident type key '{key}' is invalid: use lower-case ASCII letters, digits and '_' starting with a letter.",
                nameof(key));
        }

        ArgumentException.ThrowIfNullOrWhiteSpace(nameZh);
        ArgumentException.ThrowIfNullOrWhiteSpace(nameEn);
        Key = key;
        NameZh = nameZh;
        NameEn = nameEn;
        Hazardous = hazardous;
    }

    public string Key { get; }

    public string NameZh { get; }

    public string NameEn { get; }

    public bool Hazardous { get; }

    /// <summary>The seven types of the shipped pre-plan book.</summary>
    public static IReadOnlyList<IncidentType> Defaults { get; } =
    [
        new("flood", "洪涝", "Flood", hazardous: true),
        new("fire", "火灾", "Fire", hazardous: true),
        new("building_collapse", "建筑坍塌", "Building collapse", hazardous: true),
        new("chemical_leak", "危化品泄漏", "Hazardous chemical leak", hazardous: true),
        new("road_accident", "道路交通事故", "Road accident (mass casualty)", hazardous: false),
        new("missing_person", "人员走失", "Missing person", hazardous: false),
        new("typhoon", "台风", "Typhoon", hazardous: true),
    ];

    public static bool IsValidKey(string? key) =>
        !string.IsNullOrEmpty(key) && key.Length <= 64 && char.IsAsciiLetterLower(key[0]) &&
        key.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_');

    public override string ToString() => Key;
}
