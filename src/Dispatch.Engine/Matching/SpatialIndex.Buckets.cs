namespace Dispatch.Engine.Matching;

public sealed partial class SpatialIndex
{
    /// <summary>Per level of one cell: the array of entries.</summary>
    [System.Runtime.CompilerServices.InlineArray(Levels)]
    private struct LevelItems
    {
        private CandidateFacts[]? _first;
    }

    /// <summary>Per level of one cell: how many entries are in use.</summary>
    [System.Runtime.CompilerServices.InlineArray(Levels)]
    private struct LevelCounts
    {
        private int _first;
    }

    /// <summary>
    /// One cell of one skill: the three level arrays, their fill counts and the total side by side, so visiting a cell
    /// costs one cache line before its entries are read.
    /// </summary>
    private struct SkillCell
    {
        public LevelItems Items;
        public LevelCounts Counts;
        public int Total;
    }

    /// <summary>One skill's grid of available volunteers' facts, split by level inside each cell.</summary>
    private sealed class SkillGrid(int cells)
    {
        public readonly SkillCell[] Cells = new SkillCell[cells];
        public long Total;

        /// <summary>Turns counted cells into exactly sized arrays (the counts restart at zero for the fill).</summary>
        public void AllocateFromCounts()
        {
            for (int c = 0; c < Cells.Length; c++)
            {
                ref var cell = ref Cells[c];
                for (int l = 0; l < Levels; l++)
                {
                    if (cell.Counts[l] > 0)
                    {
                        cell.Items[l] = new CandidateFacts[cell.Counts[l]];
                        cell.Counts[l] = 0;
                    }
                }

                cell.Total = 0;
            }

            Total = 0;
        }

        public void Add(int cellIndex, int level, in CandidateFacts facts)
        {
            ref var cell = ref Cells[cellIndex];
            int l = level - 1;
            var items = cell.Items[l];
            int count = cell.Counts[l];
            if (items is null || count == items.Length)
            {
                Array.Resize(ref items, Math.Max(4, count * 2));
                cell.Items[l] = items;
            }

            items[count] = facts;
            cell.Counts[l] = count + 1;
            cell.Total++;
            Total++;
        }

        public void Remove(int cellIndex, int level, int volunteer)
        {
            ref var cell = ref Cells[cellIndex];
            int l = level - 1;
            var items = cell.Items[l];
            int count = cell.Counts[l];
            for (int i = 0; i < count; i++)
            {
                if (items![i].Volunteer == volunteer)
                {
                    items[i] = items[count - 1];
                    cell.Counts[l] = count - 1;
                    cell.Total--;
                    Total--;
                    return;
                }
            }

            throw new InvalidOperationException($"Index out of step with the pool: V{volunteer} is not in its cell.");
        }

        public long MemoryBytes()
        {
            long bytes = Cells.Length * (long)System.Runtime.CompilerServices.Unsafe.SizeOf<SkillCell>();
            foreach (ref readonly var cell in Cells.AsSpan())
            {
                for (int l = 0; l < Levels; l++)
                {
                    if (cell.Items[l] is { } a)
                    {
                        bytes += 24 + (a.Length * 32L);
                    }
                }
            }

            return bytes;
        }
    }

    /// <summary>One skill's grid of volunteer ids that are off duty or committed.</summary>
    private sealed class IdBucket(int cells)
    {
        public readonly int[]?[] Items = new int[]?[cells];
        public readonly int[] Counts = new int[cells];
        public long Total;

        public void AllocateFromCounts()
        {
            for (int c = 0; c < Counts.Length; c++)
            {
                if (Counts[c] > 0)
                {
                    Items[c] = new int[Counts[c]];
                    Counts[c] = 0;
                }
            }

            Total = 0;
        }

        public void Add(int cell, int volunteer)
        {
            var items = Items[cell];
            int count = Counts[cell];
            if (items is null || count == items.Length)
            {
                Array.Resize(ref items, Math.Max(4, count * 2));
                Items[cell] = items;
            }

            items[count] = volunteer;
            Counts[cell] = count + 1;
            Total++;
        }

        public void Remove(int cell, int volunteer)
        {
            var items = Items[cell];
            int count = Counts[cell];
            int i = items is null ? -1 : items.AsSpan(0, count).IndexOf(volunteer);
            if (i >= 0)
            {
                items![i] = items[count - 1];
                Counts[cell] = count - 1;
                Total--;
                return;
            }

            throw new InvalidOperationException($"Index out of step with the pool: V{volunteer} is not in its cell.");
        }

        public long MemoryBytes()
        {
            long bytes = (Items.Length * 8L) + (Counts.Length * 4L);
            foreach (var a in Items)
            {
                if (a is not null)
                {
                    bytes += 24 + (a.Length * 4L);
                }
            }

            return bytes;
        }
    }
}
