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
    readonly int drawableItems; // items with a non-zero chance of being drawn

    public NegativeSampler(Interactions seen, int seed, NegativeDistribution distribution = NegativeDistribution.Uniform)
    {
        this.seen = seen;
        random = new Random(seed);
        Distribution = distribution;
        drawableItems = seen.ItemCount;
        if (distribution == NegativeDistribution.Popularity)
        {
            int[] counts = seen.ItemCounts();
            cumulativePopularity = new double[counts.Length];
            double total = 0;
            for (int i = 0; i < counts.Length; i++) cumulativePopularity[i] = total += counts[i];
            drawableItems = counts.Count(c => c > 0); // an item nobody interacted with has weight 0
        }
    }

    public NegativeDistribution Distribution { get; }

    /// <summary>
    /// How many negatives of the user the distribution can draw: every item the user has not interacted with
    /// (uniform), or only those that someone interacted with (popularity: the others have weight 0). Every item
    /// the user interacted with has popularity at least 1, so it is among the drawable items.
    /// </summary>
    public int DrawableNegatives(int userIndex) => drawableItems - seen.ItemsOf(userIndex).Count;

    /// <summary>
    /// One item the user has not interacted with (rejection sampling: redraw while the item is seen). Throws, rather
    /// than redrawing forever, when the distribution has no negative of the user to draw.
    /// </summary>
    public int Sample(int userIndex)
    {
        IReadOnlySet<int> items = seen.ItemsOf(userIndex);
        if (DrawableNegatives(userIndex) <= 0) throw new InvalidOperationException(NoNegativeLeft(userIndex));
        while (true)
        {
            int candidate = Draw();
            if (!items.Contains(candidate)) return candidate;
        }
    }

    /// <summary><paramref name="count"/> distinct negatives for one user.</summary>
    public int[] SampleDistinct(int userIndex, int count)
    {
        int available = DrawableNegatives(userIndex);
        if (count > available)
        {
            int weightless = seen.ItemCount - drawableItems;
            string why = weightless == 0 ? "" :
                $" ({weightless} more items were interacted with by no one and have weight 0 under popularity sampling; " +
                "use NegativeDistribution.Uniform to draw them too)";
            throw new ArgumentOutOfRangeException(nameof(count), count,
                $"User {userIndex} has only {available} items to draw negatives from{why}; ask for at most {available}.");
        }
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

    string NoNegativeLeft(int userIndex)
    {
        int interacted = seen.ItemsOf(userIndex).Count;
        if (interacted >= seen.ItemCount)
            return $"User {userIndex} has interacted with every item: there is no negative to draw. Leave this user out of negative sampling.";
        return $"User {userIndex} has no negative that popularity sampling can draw: the {seen.ItemCount - interacted} items they have not " +
               "interacted with were interacted with by no one, so their weight is 0. Use NegativeDistribution.Uniform, " +
               "or leave this user out of negative sampling.";
    }

    int Draw()
    {
        if (cumulativePopularity == null) return random.Next(seen.ItemCount);
        double target = random.NextDouble() * cumulativePopularity[^1];
        return FirstAbove(cumulativePopularity, target);
    }

    /// <summary>
    /// The first index whose running sum exceeds <paramref name="target"/> (0 ≤ target &lt; total): the item whose
    /// share of the total covers the target. Items of weight 0 repeat the previous running sum and are skipped,
    /// which <see cref="Array.BinarySearch(Array, object)"/> does not promise when the target equals a repeated sum.
    /// </summary>
    static int FirstAbove(double[] runningSums, double target)
    {
        int low = 0, high = runningSums.Length - 1;
        while (low < high)
        {
            int middle = low + (high - low) / 2;
            if (runningSums[middle] > target) high = middle;
            else low = middle + 1;
        }
        return low;
    }
}
