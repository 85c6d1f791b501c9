using RecSys.Data;

namespace RecSys.Sampling;

/// <summary>How negatives are drawn: every non-interacted item equally, or in proportion to its popularity.</summary>
public enum NegativeDistribution { Uniform, Popularity }

/// <summary>
/// Draws "negative" items for a user: items the user has not interacted with. Implicit-feedback models train on
/// positives against such negatives (k per positive), and sampled evaluation ranks a held-out item among N of them.
/// Seeded: the same seed gives the same draws.
/// </summary>
public sealed class NegativeSampler
{
    readonly Interactions seen;
    readonly Random random;
    readonly double[]? cumulativePopularity; // for popularity sampling: running sum of item counts

    public NegativeSampler(Interactions seen, int seed, NegativeDistribution distribution = NegativeDistribution.Uniform)
    {
        this.seen = seen;
        random = new Random(seed);
        Distribution = distribution;
        if (distribution == NegativeDistribution.Popularity)
        {
            int[] counts = seen.ItemCounts();
            cumulativePopularity = new double[counts.Length];
            double total = 0;
            for (int i = 0; i < counts.Length; i++) cumulativePopularity[i] = total += counts[i];
        }
    }

    public NegativeDistribution Distribution { get; }

    /// <summary>One item the user has not interacted with (rejection sampling: redraw while the item is seen).</summary>
    public int Sample(int userIndex)
    {
        IReadOnlySet<int> items = seen.ItemsOf(userIndex);
        if (items.Count >= seen.ItemCount)
            throw new InvalidOperationException($"User {userIndex} has interacted with every item: there is no negative to draw.");
        while (true)
        {
            int candidate = Draw();
            if (!items.Contains(candidate)) return candidate;
        }
    }

    /// <summary><paramref name="count"/> distinct negatives for one user.</summary>
    public int[] SampleDistinct(int userIndex, int count)
    {
        int available = seen.ItemCount - seen.ItemsOf(userIndex).Count;
        if (count > available)
            throw new ArgumentOutOfRangeException(nameof(count), count, $"User {userIndex} has only {available} items to draw negatives from.");
        var drawn = new HashSet<int>();
        var order = new List<int>(count);
        while (order.Count < count)
        {
            int item = Sample(userIndex);
            if (drawn.Add(item)) order.Add(item);
        }
        return order.ToArray();
    }

    /// <summary>
    /// Training examples for pointwise models: each positive (label 1) followed by <paramref name="negativesPerPositive"/>
    /// negatives of the same user (label 0). Call once per epoch for fresh negatives.
    /// </summary>
    public (int[] Users, int[] Items, float[] Labels) PointwiseExamples(IReadOnlyList<Rating> positives, int negativesPerPositive)
    {
        int n = positives.Count * (1 + negativesPerPositive);
        var users = new int[n];
        var items = new int[n];
        var labels = new float[n];
        int next = 0;
        foreach (Rating positive in positives)
        {
            users[next] = positive.UserIndex; items[next] = positive.ItemIndex; labels[next++] = 1f;
            for (int k = 0; k < negativesPerPositive; k++)
            {
                users[next] = positive.UserIndex; items[next] = Sample(positive.UserIndex); labels[next++] = 0f;
            }
        }
        return (users, items, labels);
    }

    /// <summary>Training triples for pairwise models such as BPR: (user, positive item, one negative item).</summary>
    public (int[] Users, int[] Positives, int[] Negatives) PairwiseExamples(IReadOnlyList<Rating> positives)
    {
        var users = new int[positives.Count];
        var pos = new int[positives.Count];
        var neg = new int[positives.Count];
        for (int i = 0; i < positives.Count; i++)
        {
            users[i] = positives[i].UserIndex;
            pos[i] = positives[i].ItemIndex;
            neg[i] = Sample(users[i]);
        }
        return (users, pos, neg);
    }

    int Draw()
    {
        if (cumulativePopularity == null) return random.Next(seen.ItemCount);
        double target = random.NextDouble() * cumulativePopularity[^1];
        int index = Array.BinarySearch(cumulativePopularity, target);
        index = index >= 0 ? index + 1 : ~index; // first item whose running sum exceeds the target
        return Math.Min(index, seen.ItemCount - 1);
    }
}
