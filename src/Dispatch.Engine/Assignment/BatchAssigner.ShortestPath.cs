namespace Dispatch.Engine.Assignment;

public sealed partial class BatchAssigner
{
    /// <summary>
    /// Sends one unit of supply from requirement <paramref name="root"/> along a shortest path (reduced costs) to the
    /// sink, through a free volunteer or the bypass of some requirement. Returns false, changing nothing, when the
    /// shortest path has a non-negative real cost (the seat is better left unfilled).
    /// </summary>
    /// <remarks>
    /// Node numbering: requirement r is node r, local volunteer v is node R + v. The sink has potential 0 forever:
    /// the early-exit update below adds <c>dist(u) − D</c> to settled nodes only, which differs from the textbook
    /// <c>min(dist(u), D)</c> for every node by the constant −D, so reduced costs are the same.
    /// </remarks>
    private bool AugmentFrom(CompactProblem problem, int root)
    {
        int requirementCount = problem.RequirementCount;
        int[] rowStart = problem.RowStart;
        int[] edgeVolunteer = problem.EdgeVolunteer;
        long[] edgeBenefit = problem.EdgeBenefit;
        long[] potential = _potential;
        long[] distance = _distance;
        int[] reached = _reached;
        int[] settled = _settled;
        int generation = ++_generation;

        // Best label of the sink so far; the root's own bypass (reduced cost p(root) − p(sink)) is the first.
        long sinkDistance = potential[root];
        int sinkPredecessor = root;
        int settledCount = 0;

        _heap.Clear();
        distance[root] = 0;
        reached[root] = generation;
        _heap.Push(0, root);
        while (_heap.TryPop(out long d, out int node))
        {
            if (settled[node] == generation || d > distance[node])
            {
                continue;
            }

            if (d >= sinkDistance)
            {
                break;
            }

            settled[node] = generation;
            _settledNodes[settledCount++] = node;
            if (node < requirementCount)
            {
                // Bypass arc requirement → sink (an unfilled seat); the root's was counted above.
                long viaBypass = d + potential[node];
                if (viaBypass < sinkDistance)
                {
                    sinkDistance = viaBypass;
                    sinkPredecessor = node;
                }

                // Rows are sorted by descending benefit and volunteer potentials are ≤ 0, so basis − benefit is a
                // lower bound of every later candidate: once it reaches the sink's label, the rest cannot matter.
                long basis = d + potential[node];
                for (int e = rowStart[node]; e < rowStart[node + 1]; e++)
                {
                    long lowerBound = basis - edgeBenefit[e];
                    if (lowerBound >= sinkDistance)
                    {
                        break;
                    }

                    int v = edgeVolunteer[e];
                    int head = requirementCount + v;
                    int owner = _ownerRequirement[v];
                    if (owner == node || settled[head] == generation)
                    {
                        continue; // saturated forward arc, or already final
                    }

                    long candidate = lowerBound - potential[head];
                    if (owner == Free)
                    {
                        // A free volunteer's only arc is to the sink: label the sink directly, no heap entry.
                        if (candidate + potential[head] < sinkDistance)
                        {
                            sinkDistance = candidate + potential[head];
                            sinkPredecessor = head;
                            _predecessor[head] = node;
                            _predecessorEdge[head] = e;
                        }
                    }
                    else if (candidate < sinkDistance && (reached[head] != generation || candidate < distance[head]))
                    {
                        reached[head] = generation;
                        distance[head] = candidate;
                        _predecessor[head] = node;
                        _predecessorEdge[head] = e;
                        _heap.Push(candidate, head);
                    }
                }
            }
            else
            {
                // Only volunteers held by a requirement enter the heap: their one arc is back to that requirement.
                int v = node - requirementCount;
                int owner = _ownerRequirement[v];
                if (settled[owner] != generation)
                {
                    long candidate = d + edgeBenefit[_ownerEdge[v]] + potential[node] - potential[owner];
                    if (candidate < sinkDistance && (reached[owner] != generation || candidate < distance[owner]))
                    {
                        reached[owner] = generation;
                        distance[owner] = candidate;
                        _predecessor[owner] = v;
                        _heap.Push(candidate, owner);
                    }
                }
            }
        }

        if (sinkPredecessor == root)
        {
            return false;
        }

        for (int i = 0; i < settledCount; i++)
        {
            int n = _settledNodes[i];
            potential[n] += distance[n] - sinkDistance;
        }

        Augment(requirementCount, root, sinkPredecessor);
        return true;
    }

    /// <summary>Flips the path ending at <paramref name="last"/>: each volunteer on it moves to the requirement it was reached from.</summary>
    private void Augment(int requirementCount, int root, int last)
    {
        int node = last;
        if (node >= requirementCount)
        {
            node = Reassign(node - requirementCount, requirementCount);
        }

        while (node != root)
        {
            // A requirement other than the root is reached only from a volunteer it currently holds.
            node = Reassign(_predecessor[node], requirementCount);
        }
    }

    private int Reassign(int volunteer, int requirementCount)
    {
        int head = requirementCount + volunteer;
        int requirement = _predecessor[head];
        _ownerRequirement[volunteer] = requirement;
        _ownerEdge[volunteer] = _predecessorEdge[head];
        return requirement;
    }
}
