namespace Dispatch.Engine.Dispatching;

/// <summary>An incident's id in the record (突发事件).</summary>
public readonly record struct IncidentId(long Value)
{
    public override string ToString() => $"I{Value}";
}

/// <summary>A requirement's id in the record (需求).</summary>
public readonly record struct RequirementId(long Value)
{
    public override string ToString() => $"R{Value}";
}

/// <summary>An offer's id in the record (派单邀请); an assignment keeps the id of the offer it came from.</summary>
public readonly record struct OfferId(long Value)
{
    public override string ToString() => $"O{Value}";
}
