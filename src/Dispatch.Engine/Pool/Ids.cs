namespace Dispatch.Engine.Pool;

/// <summary>A volunteer's dense index in the pool (0 … Count-1).</summary>
public readonly record struct VolunteerId(int Value) : IComparable<VolunteerId>
{
    public int CompareTo(VolunteerId other) => Value.CompareTo(other.Value);

    public override string ToString() => $"V{Value}";
}

/// <summary>A team's dense index in the pool (0 … TeamCount-1).</summary>
public readonly record struct TeamId(int Value)
{
    /// <summary>Marks a volunteer who belongs to no team.</summary>
    public static TeamId None => new(-1);

    public override string ToString() => $"T{Value}";
}

/// <summary>Whether a volunteer has declared themself available for dispatch.</summary>
public enum DutyState : byte
{
    OffDuty = 0,
    OnDuty = 1,
}

/// <summary>A volunteer's commitment to incidents. Resting is a time, not a state: see <c>RestingUntil</c>.</summary>
public enum CommitmentState : byte
{
    /// <summary>Not holding an offer or an assignment.</summary>
    Free = 0,

    /// <summary>Holds an outstanding offer (claimed, so no second incident can offer them).</summary>
    Offered = 1,

    /// <summary>Accepted an offer and is committed to an incident.</summary>
    Assigned = 2,
}
