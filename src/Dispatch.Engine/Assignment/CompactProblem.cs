using Dispatch.Engine.Pool;

namespace Dispatch.Engine.Assignment;

/// <summary>
/// The solver's view of a validated instance: requirements' seats and candidate edges in compressed rows (CSR), with
/// volunteers remapped to dense local indices in order of first appearance. The arrays may be longer than the counts
/// (a <see cref="ProblemBuilder"/> reuses them between instances); only the counted prefixes are meaningful.
/// </summary>
/// <remarks>
/// Requirement r's edges are <c>EdgeVolunteer/EdgeBenefit[RowStart[r] .. RowStart[r + 1])</c>, by descending benefit,
/// input order among equal benefits; the solver stops scanning a row once benefits get too small to matter.
/// </remarks>
internal sealed class CompactProblem
{
    public int RequirementCount;
    public int EdgeCount;
    public int VolunteerCount;

    /// <summary>Row offsets, <see cref="RequirementCount"/> + 1 meaningful entries.</summary>
    public int[] RowStart = [0];

    /// <summary>Local volunteer index of each edge slot.</summary>
    public int[] EdgeVolunteer = [];

    /// <summary>Benefit of each edge slot.</summary>
    public long[] EdgeBenefit = [];

    /// <summary>Seats of each requirement.</summary>
    public int[] SeatCounts = [];

    /// <summary>The volunteer id of each local index.</summary>
    public VolunteerId[] LocalVolunteers = [];

    /// <summary>A copy with arrays of exactly the counted lengths, independent of the builder's buffers.</summary>
    public CompactProblem ToExactCopy() => new()
    {
        RequirementCount = RequirementCount,
        EdgeCount = EdgeCount,
        VolunteerCount = VolunteerCount,
        RowStart = RowStart.AsSpan(0, RequirementCount + 1).ToArray(),
        EdgeVolunteer = EdgeVolunteer.AsSpan(0, EdgeCount).ToArray(),
        EdgeBenefit = EdgeBenefit.AsSpan(0, EdgeCount).ToArray(),
        SeatCounts = SeatCounts.AsSpan(0, RequirementCount).ToArray(),
        LocalVolunteers = LocalVolunteers.AsSpan(0, VolunteerCount).ToArray(),
    };
}
