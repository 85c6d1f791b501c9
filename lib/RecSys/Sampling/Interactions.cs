using RecSys.Data;

namespace RecSys.Sampling;

/// <summary>
/// Which items each user has interacted with, as sets indexed by user index: what a negative sampler must avoid
/// and what full-ranking evaluation removes from a user's candidates.
/// </summary>
public sealed class Interactions
{
    readonly HashSet<int>[] itemsOfUser;

    public Interactions(int userCount, int itemCount, IEnumerable<Rating> ratings)
    {
        UserCount = userCount;
        ItemCount = itemCount;
        itemsOfUser = Enumerable.Range(0, userCount).Select(_ => new HashSet<int>()).ToArray();
        foreach (Rating r in ratings)
        {
            if ((uint)r.UserIndex >= userCount || (uint)r.ItemIndex >= itemCount)
                throw new ArgumentOutOfRangeException(nameof(ratings), $"Rating {r} is outside {userCount} users × {itemCount} items.");
            itemsOfUser[r.UserIndex].Add(r.ItemIndex);
        }
    }

    public int UserCount { get; }

    public int ItemCount { get; }

    public IReadOnlySet<int> ItemsOf(int userIndex) => itemsOfUser[userIndex];

    /// <summary>How many users interacted with each item: item popularity.</summary>
    public int[] ItemCounts()
    {
        var counts = new int[ItemCount];
        foreach (HashSet<int> items in itemsOfUser)
            foreach (int item in items) counts[item]++;
        return counts;
    }
}
