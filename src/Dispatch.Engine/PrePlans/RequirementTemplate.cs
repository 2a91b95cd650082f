using Dispatch.Engine.Pool;

namespace Dispatch.Engine.PrePlans;

/// <summary>One line of a pre-plan (需求): <see cref="Count"/> volunteers with <see cref="Skill"/> at level ≥ <see cref="MinLevel"/>.</summary>
public sealed record RequirementTemplate
{
    /// <summary>Creates a requirement; throws <see cref="ArgumentOutOfRangeException"/> unless <paramref name="count"/> ≥ 1.</summary>
    public RequirementTemplate(Skill skill, SkillLevel minLevel, int count)
    {
        if (minLevel.Value == 0)
        {
            // default(SkillLevel) bypasses its constructor.
            throw new ArgumentOutOfRangeException(nameof(minLevel), minLevel, "A minimum level is 1, 2 or 3.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        Skill = skill;
        MinLevel = minLevel;
        Count = count;
    }

    public Skill Skill { get; }

    public SkillLevel MinLevel { get; }

    public int Count { get; }

    /// <summary>
    /// The requirement after an escalation step that lowers levels by <paramref name="by"/>: never below level 1,
    /// and unchanged for a legally regulated skill (a medical credential is never relaxed).
    /// </summary>
    public RequirementTemplate RelaxedBy(int by, SkillCatalog catalog)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(by, 1);
        ArgumentNullException.ThrowIfNull(catalog);
        var definition = catalog.Find(Skill)
            ?? throw new ArgumentException($"Skill {Skill.Code} is not in the catalog.", nameof(catalog));
        if (definition.LegallyRegulated)
        {
            return this;
        }

        return new RequirementTemplate(Skill, new SkillLevel(Math.Max(1, MinLevel.Value - by)), Count);
    }

    public RequirementTemplate WithCount(int count) => new(Skill, MinLevel, count);
}
