using RecSys.Metrics;

namespace RecSys.Tests.Metrics;

/// <summary>Every value here was computed by hand from the definitions in the doc comments.</summary>
public class RankingMetricsTests
{
    // Hits at ranks 2 and 4; item 9 is relevant but never recommended.
    static readonly int[] Ranked = { 1, 2, 3, 4, 5 };
    static readonly HashSet<int> Relevant = new() { 2, 4, 9 };

    [Fact]
    public void Precision_recall_and_F1()
    {
        Assert.Equal(0.4, RankingMetrics.PrecisionAtK(Ranked, Relevant, 5), 12);      // 2 / 5
        Assert.Equal(1.0 / 3, RankingMetrics.PrecisionAtK(Ranked, Relevant, 3), 12);  // 1 / 3
        Assert.Equal(2.0 / 3, RankingMetrics.RecallAtK(Ranked, Relevant, 5), 12);     // 2 / 3
        Assert.Equal(0.5, RankingMetrics.F1AtK(Ranked, Relevant, 5), 12);             // 2·0.4·(2/3) / (0.4 + 2/3)
    }

    [Fact]
    public void Ndcg_uses_log2_discount_and_an_ideal_over_min_relevant_K()
    {
        // DCG = 1/log2(3) + 1/log2(5) = 1.0616; IDCG = 1 + 1/log2(3) + 1/log2(4) = 2.1309.
        Assert.Equal(0.49818925746641285, RankingMetrics.NdcgAtK(Ranked, Relevant, 5), 12);
        // K = 1: no hit at rank 1.
        Assert.Equal(0, RankingMetrics.NdcgAtK(Ranked, Relevant, 1));
    }

    [Fact]
    public void Map_as_Microsoft_Recommenders_divides_by_relevant_count_and_MAP_at_K_by_min_relevant_K()
    {
        // Top 5: precision 1/2 at rank 2 and 2/4 at rank 4; sum 1, over 3 relevant items.
        Assert.Equal(1.0 / 3, RankingMetrics.AveragePrecision(Ranked, Relevant, 5), 12);
        Assert.Equal(1.0 / 3, RankingMetrics.AveragePrecisionAtK(Ranked, Relevant, 5), 12);
        // Both relevant items first, K = 2: sum of precisions 1 + 1 = 2; over |relevant| = 3, or over min(3, 2) = 2.
        int[] perfect = { 2, 4, 1 };
        Assert.Equal(2.0 / 3, RankingMetrics.AveragePrecision(perfect, Relevant, 2), 12);
        Assert.Equal(1.0, RankingMetrics.AveragePrecisionAtK(perfect, Relevant, 2), 12);
    }

    [Fact]
    public void Hit_rate_and_reciprocal_rank()
    {
        Assert.Equal(0, RankingMetrics.HitAtK(Ranked, Relevant, 1));
        Assert.Equal(1, RankingMetrics.HitAtK(Ranked, Relevant, 2));
        Assert.Equal(0.5, RankingMetrics.ReciprocalRank(Ranked, Relevant));
        Assert.Equal(0, RankingMetrics.ReciprocalRank(new[] { 7, 8 }, Relevant));
    }

    [Fact]
    public void Auc_counts_correctly_ordered_pairs()
    {
        // Positives 2 and 4 among negatives 1, 3, 5: 2 beats 3 and 5, 4 beats 5: 3 of 6 pairs.
        Assert.Equal(0.5, RankingMetrics.Auc(Ranked, new HashSet<int> { 2, 4 }), 12);
        Assert.Equal(1.0, RankingMetrics.Auc(new[] { 2, 4, 1 }, new HashSet<int> { 2, 4 }), 12);
        Assert.Equal(0.0, RankingMetrics.Auc(new[] { 1, 2, 4 }, new HashSet<int> { 2, 4 }), 12);
        Assert.True(double.IsNaN(RankingMetrics.Auc(new[] { 2, 4 }, new HashSet<int> { 2, 4 })));
    }

    [Fact]
    public void Fewer_than_K_recommendations_still_divide_precision_by_K()
    {
        var relevant = new HashSet<int> { 2 };
        int[] single = { 2 };
        Assert.Equal(0.1, RankingMetrics.PrecisionAtK(single, relevant, 10), 12);
        Assert.Equal(1.0, RankingMetrics.RecallAtK(single, relevant, 10), 12);
        Assert.Equal(1.0, RankingMetrics.NdcgAtK(single, relevant, 10), 12);
        Assert.Equal(1.0, RankingMetrics.AveragePrecision(single, relevant, 10), 12);
        Assert.Equal(0, RankingMetrics.PrecisionAtK(Array.Empty<int>(), relevant, 10));
    }

    [Fact]
    public void No_relevant_items_scores_zero()
    {
        var none = new HashSet<int>();
        Assert.Equal(0, RankingMetrics.PrecisionAtK(Ranked, none, 5));
        Assert.Equal(0, RankingMetrics.RecallAtK(Ranked, none, 5));
        Assert.Equal(0, RankingMetrics.F1AtK(Ranked, none, 5));
        Assert.Equal(0, RankingMetrics.NdcgAtK(Ranked, none, 5));
        Assert.Equal(0, RankingMetrics.AveragePrecision(Ranked, none, 5));
        Assert.Equal(0, RankingMetrics.AveragePrecisionAtK(Ranked, none, 5));
    }

    [Fact]
    public void All_relevant_scores_one()
    {
        var all = new HashSet<int>(Ranked);
        Assert.Equal(1, RankingMetrics.PrecisionAtK(Ranked, all, 5));
        Assert.Equal(1, RankingMetrics.RecallAtK(Ranked, all, 5));
        Assert.Equal(1, RankingMetrics.NdcgAtK(Ranked, all, 5), 12);
        Assert.Equal(1, RankingMetrics.AveragePrecision(Ranked, all, 5), 12);
    }

    [Fact]
    public void Property_the_ideal_ranking_has_NDCG_one_and_any_ranking_at_most_one()
    {
        var random = new Random(7);
        for (int trial = 0; trial < 200; trial++)
        {
            int k = random.Next(1, 20);
            var relevant = Enumerable.Range(0, 50).Where(_ => random.NextDouble() < 0.2).ToHashSet();
            if (relevant.Count == 0) continue;
            int[] ideal = relevant.Concat(Enumerable.Range(0, 50).Where(i => !relevant.Contains(i))).ToArray();
            int[] shuffled = ideal.OrderBy(_ => random.Next()).ToArray();
            Assert.Equal(1.0, RankingMetrics.NdcgAtK(ideal, relevant, k), 12);
            Assert.Equal(1.0, RankingMetrics.AveragePrecisionAtK(ideal, relevant, k), 12);
            Assert.InRange(RankingMetrics.NdcgAtK(shuffled, relevant, k), 0, 1);
            Assert.True(RankingMetrics.RecallAtK(shuffled, relevant, k) <= RankingMetrics.RecallAtK(shuffled, relevant, k + 1));
        }
    }

    [Fact]
    public void User_average_counts_users_in_both_truth_and_recommendations_once_each()
    {
        var recommendations = new Dictionary<int, int[]> { [0] = new[] { 1, 2 }, [1] = new[] { 3, 4 }, [5] = new[] { 9 } };
        var truth = new Dictionary<int, HashSet<int>> { [0] = new() { 1 }, [1] = new() { 9 }, [2] = new() { 1 } };
        // Users 0 (P@2 = 0.5) and 1 (P@2 = 0); user 2 has no recommendations, user 5 no truth.
        Assert.Equal(0.25, UserAverage.Of(recommendations, truth, (r, t) => RankingMetrics.PrecisionAtK(r, t, 2)), 12);
    }
}
