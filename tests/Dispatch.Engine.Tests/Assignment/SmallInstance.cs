using Dispatch.Engine.Assignment;
using Dispatch.Engine.Pool;
using FsCheck;
using FsCheck.Fluent;

namespace Dispatch.Engine.Tests.Assignment;

/// <summary>A small random assignment instance (≤ 4 requirements, ≤ 8 volunteers), as raw lists.</summary>
public sealed record SmallInstance(AssignmentRequirement[] Requirements, CandidateEdge[] Edges)
{
    public AssignmentProblem ToProblem() => new(Requirements, Edges);

    public override string ToString() =>
        $"requirements [{string.Join(", ", Requirements)}], edges [{string.Join(", ", Edges)}]";
}

/// <summary>FsCheck generators for <see cref="SmallInstance"/>: sparse edges, seats 0–3, small benefits so ties occur.</summary>
public static class SmallInstanceArbitrary
{
    public static Arbitrary<SmallInstance> Instances() => Arb.From(Generate());

    private static Gen<SmallInstance> Generate() =>
        from requirementCount in Gen.Choose(0, 4)
        from volunteerCount in Gen.Choose(0, 8)
        from seats in Gen.Choose(0, 3).ArrayOf(requirementCount)
        from weights in Gen.Choose(1, 4).ArrayOf(requirementCount)
        from present in Gen.Choose(0, 2).ArrayOf(requirementCount * volunteerCount)
        from benefits in Gen.Choose(1, 30).ArrayOf(requirementCount * volunteerCount)
        from idStride in Gen.Choose(1, 1000)
        select Build(seats, weights, volunteerCount, present, benefits, idStride);

    private static SmallInstance Build(int[] seats, int[] weights, int volunteerCount, int[] present, int[] benefits, int idStride)
    {
        var requirements = seats.Zip(weights, (s, w) => new AssignmentRequirement(s, w)).ToArray();
        var edges = new List<CandidateEdge>();
        for (int v = 0; v < volunteerCount; v++)
        {
            for (int r = 0; r < requirements.Length; r++)
            {
                int cell = (r * volunteerCount) + v;
                if (present[cell] == 0)
                {
                    // Volunteer ids are spread out (and sometimes huge) to exercise the dense remapping.
                    edges.Add(new CandidateEdge(r, new VolunteerId((v * idStride) + 3), benefits[cell] * weights[r]));
                }
            }
        }

        return new SmallInstance(requirements, [.. edges]);
    }
}
