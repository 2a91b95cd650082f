namespace Dispatch.Engine.Matching;

public sealed partial class SpatialIndex
{
    /// <summary>One skill × level grid of available volunteers' facts; a cell is an array with a fill count.</summary>
    private sealed class FactsBucket(int cells)
    {
        public readonly CandidateFacts[]?[] Items = new CandidateFacts[]?[cells];
        public readonly int[] Counts = new int[cells];
        public long Total;

        public void AllocateFromCounts()
        {
            for (int c = 0; c < Counts.Length; c++)
            {
                if (Counts[c] > 0)
                {
                    Items[c] = new CandidateFacts[Counts[c]];
                    Counts[c] = 0;
                }
            }

            Total = 0;
        }

        public void Add(int cell, in CandidateFacts facts)
        {
            var items = Items[cell];
            int count = Counts[cell];
            if (items is null || count == items.Length)
            {
                Array.Resize(ref items, Math.Max(4, count * 2));
                Items[cell] = items;
            }

            items[count] = facts;
            Counts[cell] = count + 1;
            Total++;
        }

        public void Remove(int cell, int volunteer)
        {
            var items = Items[cell];
            int count = Counts[cell];
            for (int i = 0; i < count; i++)
            {
                if (items![i].Volunteer == volunteer)
                {
                    items[i] = items[count - 1];
                    Counts[cell] = count - 1;
                    Total--;
                    return;
                }
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
                    bytes += 24 + (a.Length * 32L);
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
