namespace Dispatch.Engine.Pool;

/// <summary>A volunteer's skills packed 2 bits per skill code into a <see cref="ushort"/>: 0 = none, 1–3 = level.</summary>
internal static class SkillLevels
{
    public static int Get(ushort packed, Skill skill) => (packed >> (skill.Code * 2)) & 3;

    public static ushort With(ushort packed, Skill skill, int level)
    {
        int shift = skill.Code * 2;
        return (ushort)((packed & ~(3 << shift)) | ((level & 3) << shift));
    }
}
