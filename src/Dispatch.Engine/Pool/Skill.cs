namespace Dispatch.Engine.Pool;

/// <summary>
/// A dispatchable skill, identified by a small code (0–7) so a volunteer's skills pack into 16 bits.
/// The four built-in skills are <see cref="Medical"/>, <see cref="Fire"/>, <see cref="Rescue"/> and
/// <see cref="Psychological"/>; <see cref="SkillCatalog"/> registers more.
/// </summary>
public readonly record struct Skill
{
    /// <summary>The largest number of skills a pool can carry (2 bits of level each in a <see cref="ushort"/>).</summary>
    public const int MaxSkills = 8;

    public Skill(byte code)
    {
        if (code >= MaxSkills)
        {
            throw new ArgumentOutOfRangeException(nameof(code), code, $"A skill code must be below {MaxSkills}.");
        }

        Code = code;
    }

    public byte Code { get; }

    /// <summary>医疗 — medical first aid; a legally regulated role: a valid credential is always required.</summary>
    public static Skill Medical => new(0);

    /// <summary>消防 — fire fighting support.</summary>
    public static Skill Fire => new(1);

    /// <summary>救援 — search and rescue.</summary>
    public static Skill Rescue => new(2);

    /// <summary>心理疏导 — psychological counselling.</summary>
    public static Skill Psychological => new(3);

    public override string ToString() => SkillCatalog.Default.Find(this)?.Key ?? $"skill{Code}";
}

/// <summary>A skill level: 1 (basic) to 3 (expert).</summary>
public readonly record struct SkillLevel : IComparable<SkillLevel>
{
    public SkillLevel(int value)
    {
        if (value is < 1 or > 3)
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "A skill level is 1, 2 or 3.");
        }

        Value = (byte)value;
    }

    public byte Value { get; }

    public static SkillLevel Basic => new(1);

    public static SkillLevel Skilled => new(2);

    public static SkillLevel Expert => new(3);

    public int CompareTo(SkillLevel other) => Value.CompareTo(other.Value);

    public static bool operator <(SkillLevel left, SkillLevel right) => left.Value < right.Value;

    public static bool operator >(SkillLevel left, SkillLevel right) => left.Value > right.Value;

    public static bool operator <=(SkillLevel left, SkillLevel right) => left.Value <= right.Value;

    public static bool operator >=(SkillLevel left, SkillLevel right) => left.Value >= right.Value;

    public override string ToString() => Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
