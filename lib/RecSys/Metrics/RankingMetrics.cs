namespace RecSys.Metrics;

/// <summary>
/// Top-K metrics for one user. <c>ranked</c> is the user's recommendation list, best first (it may be shorter
/// than K); <c>relevant</c> is the set of items the user actually liked in the held-out data. Relevance is
/// binary. A user with no relevant item scores 0 on every metric (averages skip such users anyway: see
/// <see cref="UserAverage"/>).
/// </summary>
public static class RankingMetrics
{
    /// <summary>Precision@K = |top-K ∩ relevant| / K. Divides by K even when fewer than K items were recommended.</summary>
    public static double PrecisionAtK(IReadOnlyList<int> ranked, IReadOnlySet<int> relevant, int k) =>
        (double)Hits(ranked, relevant, k) / k;

    /// <summary>Recall@K = |top-K ∩ relevant| / |relevant|.</summary>
    public static double RecallAtK(IReadOnlyList<int> ranked, IReadOnlySet<int> relevant, int k) =>
        relevant.Count == 0 ? 0 : (double)Hits(ranked, relevant, k) / relevant.Count;

    /// <summary>F1@K = 2·P·R / (P + R), the harmonic mean of Precision@K and Recall@K (0 when both are 0).</summary>
    public static double F1AtK(IReadOnlyList<int> ranked, IReadOnlySet<int> relevant, int k)
    {
        double p = PrecisionAtK(ranked, relevant, k), r = RecallAtK(ranked, relevant, k);
        return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }

    /// <summary>
    /// NDCG@K = DCG@K / IDCG@K with DCG@K = Σ_{i=1..K} rel_i / log2(i + 1) (rel_i = 1 if the item at rank i is
    /// relevant) and IDCG@K = Σ_{i=1..min(|relevant|, K)} 1 / log2(i + 1), the DCG of a perfect list.
    /// </summary>
    public static double NdcgAtK(IReadOnlyList<int> ranked, IReadOnlySet<int> relevant, int k)
    {
        if (relevant.Count == 0) return 0;
        double dcg = 0, ideal = 0;
        for (int i = 0; i < Math.Min(k, ranked.Count); i++)
            if (relevant.Contains(ranked[i])) dcg += 1 / Math.Log2(i + 2);
        for (int i = 0; i < Math.Min(k, relevant.Count); i++) ideal += 1 / Math.Log2(i + 2);
        return dcg / ideal;
    }

    /// <summary>
    /// Average precision as Microsoft Recommenders' benchmark table defines "MAP": the precision at each hit within
    /// the top K, summed, divided by the number of relevant items, Σ_{i ≤ K, hit} P@i / |relevant|.
    /// With K at least the list's length this is the classic (untruncated) average precision.
    /// </summary>
    public static double AveragePrecision(IReadOnlyList<int> ranked, IReadOnlySet<int> relevant, int k) =>
        relevant.Count == 0 ? 0 : SumOfPrecisionAtHits(ranked, relevant, k) / relevant.Count;

    /// <summary>
    /// AP@K, the usual truncated form: Σ_{i ≤ K, hit} P@i / min(|relevant|, K), so a perfect top-K list scores 1
    /// even when the user has more than K relevant items.
    /// </summary>
    public static double AveragePrecisionAtK(IReadOnlyList<int> ranked, IReadOnlySet<int> relevant, int k) =>
        relevant.Count == 0 ? 0 : SumOfPrecisionAtHits(ranked, relevant, k) / Math.Min(relevant.Count, k);

    /// <summary>HitRate@K: 1 if any relevant item is in the top K, else 0.</summary>
    public static double HitAtK(IReadOnlyList<int> ranked, IReadOnlySet<int> relevant, int k) =>
        Hits(ranked, relevant, k) > 0 ? 1 : 0;

    /// <summary>Reciprocal rank: 1 / (rank of the first relevant item), 0 when none is in the list.</summary>
    public static double ReciprocalRank(IReadOnlyList<int> ranked, IReadOnlySet<int> relevant)
    {
        for (int i = 0; i < ranked.Count; i++)
            if (relevant.Contains(ranked[i])) return 1.0 / (i + 1);
        return 0;
    }

    /// <summary>
    /// AUC for one user: the share of (relevant, non-relevant) pairs in which the relevant item ranks higher.
    /// <paramref name="rankedCandidates"/> must be the user's complete ranking of candidates, best first.
    /// NaN when the ranking has no relevant or no non-relevant item. A ranking has no ties: the protocols compute AUC
    /// from the scores instead, where equal scores count as half a correct pair.
    /// </summary>
    public static double Auc(IReadOnlyList<int> rankedCandidates, IReadOnlySet<int> relevant)
    {
        long negativesAbove = 0, correctPairs = 0, positives = 0;
        foreach (int item in rankedCandidates)
        {
            if (relevant.Contains(item)) { positives++; correctPairs -= negativesAbove; }
            else negativesAbove++;
        }
        long negatives = negativesAbove;
        if (positives == 0 || negatives == 0) return double.NaN;
        correctPairs += positives * negatives; // each positive beats every negative except those above it
        return (double)correctPairs / (positives * negatives);
    }

    static int Hits(IReadOnlyList<int> ranked, IReadOnlySet<int> relevant, int k)
    {
        if (k <= 0) throw new ArgumentOutOfRangeException(nameof(k), k, "K must be positive.");
        int hits = 0;
        for (int i = 0; i < Math.Min(k, ranked.Count); i++)
            if (relevant.Contains(ranked[i])) hits++;
        return hits;
    }

    static double SumOfPrecisionAtHits(IReadOnlyList<int> ranked, IReadOnlySet<int> relevant, int k)
    {
        double sum = 0;
        int hits = 0;
        for (int i = 0; i < Math.Min(k, ranked.Count); i++)
            if (relevant.Contains(ranked[i])) sum += (double)++hits / (i + 1);
        return sum;
    }
}
