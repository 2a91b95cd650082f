namespace Dispatch.Engine.Pool;

/// <summary>What a skill is called and which rules apply to it.</summary>
/// <param name="Skill">The code.</param>
/// <param name="Key">Stable lower-case key used in data files and APIs (<c>medical</c>).</param>
/// <param name="NameZh">Display name in Chinese (医疗).</param>
/// <param name="NameEn">Display name in English.</param>
/// <param name="LegallyRegulated">
/// True where the law requires a professional credential for the role (medical): a valid certification can never be
/// relaxed by escalation or forced by a commander.
/// </param>
public sealed record SkillDefinition(Skill Skill, string Key, string NameZh, string NameEn, bool LegallyRegulated);

/// <summary>The skills a pool knows. Immutable and thread-safe.</summary>
public sealed class SkillCatalog
{
    private readonly SkillDefinition?[] _byCode = new SkillDefinition?[Skill.MaxSkills];

    public SkillCatalog(IEnumerable<SkillDefinition> definitions)
    {
        ArgumentNullException.ThrowIfNull(definitions);
        var all = new List<SkillDefinition>();
        foreach (var d in definitions)
        {
            if (_byCode[d.Skill.Code] is not null)
            {
                throw new ArgumentException($"Skill code {d.Skill.Code} is defined twice.", nameof(definitions));
            }

            if (all.Exists(x => string.Equals(x.Key, d.Key, StringComparison.Ordinal)))
            {
                throw new ArgumentException($"Skill key '{d.Key}' is defined twice.", nameof(definitions));
            }

            _byCode[d.Skill.Code] = d;
            all.Add(d);
        }

        All = all;
    }

    /// <summary>The four skills of the provincial measures.</summary>
    public static SkillCatalog Default { get; } = new(
    [
        new(Skill.Medical, "medical", "医疗", "Medical", LegallyRegulated: true),
        new(Skill.Fire, "fire", "消防", "Fire", LegallyRegulated: false),
        new(Skill.Rescue, "rescue", "救援", "Rescue", LegallyRegulated: false),
        new(Skill.Psychological, "psychological", "心理疏导", "Psychological counselling", LegallyRegulated: false),
    ]);

    public IReadOnlyList<SkillDefinition> All { get; }

    public SkillDefinition? Find(Skill skill) => _byCode[skill.Code];

    /// <summary>Looks a skill up by key; throws <see cref="ArgumentException"/> naming the known keys for an unknown one.</summary>
    public Skill Parse(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        foreach (var d in All)
        {
            if (string.Equals(d.Key, key, StringComparison.OrdinalIgnoreCase))
            {
                return d.Skill;
            }
        }

        throw new ArgumentException(
            $"Unknown skill '{key}'. Known skills: {string.Join(", ", All.Select(d => d.Key))}.", nameof(key));
    }

    public bool Contains(Skill skill) => _byCode[skill.Code] is not null;
}
