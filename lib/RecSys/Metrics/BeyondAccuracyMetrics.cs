namespace RecSys.Metrics;

/// <summary>
/// What a list of recommendations does besides hitting the test items: how much of the catalogue it uses, how
/// surprising and varied it is, how much it leans on popular items. <c>recommendations</c> maps each user to a
/// recommendation list; item popularity is the number of training users who interacted with the item.
/// </summary>
public static class BeyondAccuracyMetrics
{
    /// <summary>Catalog coverage: distinct recommended items / catalogue size.</summary>
    public static double CatalogCoverage(IReadOnlyDictionary<int, int[]> recommendations, int itemCount) =>
        (double)recommendations.Values.SelectMany(list => list).Distinct().Count() / itemCount;

    /// <summary>
    /// Distributional coverage: the entropy −Σ p(i) log2 p(i) of how often each item is recommended, with
    /// p(i) = (times item i is recommended) / (all recommendations). 0 when everyone gets the same item; log2(n) when n items are used equally.
    /// </summary>
    public static double DistributionalCoverage(IReadOnlyDictionary<int, int[]> recommendations)
    {
        var counts = recommendations.Values.SelectMany(list => list).GroupBy(i => i).Select(g => (double)g.Count()).ToArray();
        double total = counts.Sum();
        return -counts.Sum(c => c / total * Math.Log2(c / total));
    }

    /// <summary>
    /// Novelty: the mean of −log2 p(i) over all recommended items, where p(i) = popularity(i) / number of users,
    /// the chance that a random user knows the item. Items no training user touched count as known by one user.
    /// </summary>
    public static double Novelty(IReadOnlyDictionary<int, int[]> recommendations, int[] itemPopularity, int userCount) =>
        recommendations.Values.SelectMany(list => list)
            .Average(item => -Math.Log2(Math.Max(itemPopularity[item], 1) / (double)userCount));

    /// <summary>Average recommendation popularity (ARP): per user the mean popularity of the recommended items, averaged over users.</summary>
    public static double AveragePopularity(IReadOnlyDictionary<int, int[]> recommendations, int[] itemPopularity) =>
        recommendations.Values.Where(list => list.Length > 0).Average(list => list.Average(item => (double)itemPopularity[item]));

    /// <summary>
    /// Intra-list diversity: per user the mean of 1 − cosine(f_i, f_j) over all pairs of recommended items,
    /// from item feature vectors (genres, embeddings), averaged over users with at least two recommendations.
    /// </summary>
    public static double IntraListDiversity(IReadOnlyDictionary<int, int[]> recommendations, IReadOnlyList<float[]> itemFeatures)
    {
        double total = 0;
        int users = 0;
        foreach (int[] list in recommendations.Values)
        {
            if (list.Length < 2) continue;
            double sum = 0;
            int pairs = 0;
            for (int a = 0; a < list.Length; a++)
                for (int b = a + 1; b < list.Length; b++, pairs++)
                    sum += 1 - Similarity.Cosine(itemFeatures[list[a]], itemFeatures[list[b]]);
            total += sum / pairs;
            users++;
        }
        return users == 0 ? 0 : total / users;
    }
}
