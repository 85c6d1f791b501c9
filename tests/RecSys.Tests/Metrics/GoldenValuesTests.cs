using RecSys.Metrics;

namespace RecSys.Tests.Metrics;

/// <summary>
/// Our ranking metrics against the fixed values Microsoft Recommenders' own tests assert, so "the same definitions
/// as MS Recommenders" is tested, not claimed. Source: recommenders-team/recommenders,
/// tests/unit/recommenders/evaluation/test_python_evaluation.py (read at commit 0967dad53c37f9bc4bf60ee8cc8bc6718d550ca6)
/// with the fixtures rating_true, rating_pred and rating_nohit of tests/unit/recommenders/evaluation/conftest.py
/// (commit 22d87072a838c1db3382f56fd03762fe4d4f7ec1); definitions in recommenders/evaluation/python_evaluation.py.
/// Their tolerance is pytest.approx(expected, 0.0001), a relative one; the same here.
/// <para>
/// As there, every (user, item) of the truth is relevant whatever its rating, a user's top-K list is its predicted
/// items sorted by prediction, highest first, and only users present in both truth and predictions are averaged
/// (<see cref="UserAverage"/>). Ties: rating_pred has no tied predictions within a user. Where the truth itself
/// serves as the prediction, users 2 and 3 have tied ratings; we break them by lower item id, they by pandas' sort
/// order, and since every item on those lists is relevant and each list fits in K = 10, the order changes nothing.
/// </para>
/// </summary>
public class GoldenValuesTests
{
    const double RelativeTolerance = 0.0001;

    /// <summary>conftest.py rating_true: (user, item, rating).</summary>
    static readonly (int User, int Item, double Rating)[] RatingTrue =
    {
        (1, 3, 3), (2, 1, 5), (2, 4, 5), (2, 5, 3), (2, 6, 3), (2, 7, 1),
        (3, 2, 5), (3, 5, 5), (3, 6, 5), (3, 8, 4), (3, 9, 4), (3, 10, 3), (3, 11, 3), (3, 12, 3), (3, 13, 2), (3, 14, 1),
        (1, 1, 5), (1, 2, 4),
    };

    /// <summary>conftest.py rating_pred: (user, item, prediction).</summary>
    static readonly (int User, int Item, double Prediction)[] RatingPred =
    {
        (1, 12, 12), (2, 10, 14), (2, 3, 13), (2, 5, 12), (2, 11, 11), (2, 13, 10),
        (3, 4, 14), (3, 10, 13), (3, 7, 12), (3, 13, 11), (3, 1, 10), (3, 3, 9), (3, 5, 8), (3, 2, 7), (3, 11, 6), (3, 14, 5),
        (1, 3, 14), (1, 10, 13),
    };

    /// <summary>conftest.py rating_nohit: the users of rating_pred, every prediction for item 100, which nobody has.</summary>
    static readonly (int User, int Item, double Prediction)[] RatingNoHit =
        RatingPred.Select(p => (p.User, 100, p.Prediction)).ToArray();

    static Dictionary<int, HashSet<int>> Truth((int User, int Item, double Rating)[] rows) =>
        rows.GroupBy(r => r.User).ToDictionary(g => g.Key, g => g.Select(r => r.Item).ToHashSet());

    /// <summary>Each user's K best-predicted items, ties by lower item id.</summary>
    static Dictionary<int, int[]> TopK((int User, int Item, double Prediction)[] rows, int k) =>
        rows.GroupBy(p => p.User).ToDictionary(g => g.Key,
            g => g.OrderByDescending(p => p.Prediction).ThenBy(p => p.Item).Take(k).Select(p => p.Item).ToArray());

    static (int, int, double)[] TruthAsPrediction => RatingTrue.Select(r => (r.User, r.Item, r.Rating)).ToArray();

    static double Average((int User, int Item, double Prediction)[] predictions, int k, Func<int[], HashSet<int>, double> metric) =>
        UserAverage.Of(TopK(predictions, k), Truth(RatingTrue), metric);

    static void AssertApprox(double expected, double actual) =>
        Assert.True(Math.Abs(actual - expected) <= RelativeTolerance * Math.Abs(expected),
            $"Expected {expected} within a relative {RelativeTolerance}, got {actual}.");

    [Fact]
    public void Precision_at_10()
    {
        Func<int[], HashSet<int>, double> precision = (r, t) => RankingMetrics.PrecisionAtK(r, t, 10);
        Assert.Equal(0.6, Average(TruthAsPrediction, 10, precision), 12); // 3, 5 and 10 relevant items over K = 10 each
        Assert.Equal(0.0, Average(RatingNoHit, 10, precision));
        AssertApprox(0.26666, Average(RatingPred, 10, precision));
        Assert.Equal(4.0 / 15, Average(RatingPred, 10, precision), 12); // hits 1, 1, 6: (0.1 + 0.1 + 0.6) / 3
    }

    [Fact]
    public void Precision_divides_by_K_even_when_fewer_items_were_predicted()
    {
        // test_python_precision_at_k's "normalization" cases: single_user and same_items, predicted by their own ratings.
        var singleUser = new (int User, int Item, double Score)[] { (1, 1, 5), (1, 2, 4), (1, 3, 3) };
        var sameItems = new (int User, int Item, double Score)[] { (1, 1, 5), (1, 2, 4), (1, 3, 3), (2, 1, 5), (2, 2, 5), (2, 3, 3) };
        double Precision((int, int, double)[] rows, int k) =>
            UserAverage.Of(TopK(rows, k), Truth(rows), (r, t) => RankingMetrics.PrecisionAtK(r, t, k));
        Assert.Equal(1.0, Precision(singleUser, 3));
        Assert.Equal(1.0, Precision(sameItems, 3));
        Assert.Equal(0.6, Precision(sameItems, 5), 12);
    }

    [Fact]
    public void Recall_at_10()
    {
        Func<int[], HashSet<int>, double> recall = (r, t) => RankingMetrics.RecallAtK(r, t, 10);
        AssertApprox(1.0, Average(TruthAsPrediction, 10, recall));
        Assert.Equal(0.0, Average(RatingNoHit, 10, recall));
        AssertApprox(0.37777, Average(RatingPred, 10, recall));
        Assert.Equal(17.0 / 45, Average(RatingPred, 10, recall), 12); // (1/3 + 1/5 + 6/10) / 3
    }

    [Fact]
    public void Ndcg_at_10()
    {
        // Their default discount is the natural log, ours log2: the base cancels in DCG / IDCG, so the values agree.
        Func<int[], HashSet<int>, double> ndcg = (r, t) => RankingMetrics.NdcgAtK(r, t, 10);
        AssertApprox(1.0, Average(TruthAsPrediction, 10, ndcg));
        Assert.Equal(0.0, Average(RatingNoHit, 10, ndcg));
        AssertApprox(0.38172, Average(RatingPred, 10, ndcg));
    }

    [Fact]
    public void Map_and_map_at_10()
    {
        // Their map divides each user's sum of precisions at hits by |relevant| (our AveragePrecision), their
        // map_at_k by min(|relevant|, K) (our AveragePrecisionAtK). No user here has more than 10 relevant items,
        // so at K = 10 both give 0.23613.
        Func<int[], HashSet<int>, double> map = (r, t) => RankingMetrics.AveragePrecision(r, t, 10);
        Func<int[], HashSet<int>, double> mapAtK = (r, t) => RankingMetrics.AveragePrecisionAtK(r, t, 10);
        foreach (var metric in new[] { map, mapAtK })
        {
            Assert.Equal(1.0, Average(TruthAsPrediction, 10, metric), 12);
            Assert.Equal(0.0, Average(RatingNoHit, 10, metric));
            AssertApprox(0.23613, Average(RatingPred, 10, metric));
        }
    }

    [Fact]
    public void Map_and_map_at_K_part_when_a_user_has_more_relevant_items_than_K()
    {
        // Not asserted by their tests: hand-computed from their two formulas at K = 3, where user 3 (10 relevant
        // items) and user 2 (5) have more relevant items than K. Top 3: user 1 hits at rank 1, user 2 at rank 3,
        // user 3 at rank 2; precisions at the hits 1, 1/3, 1/2.
        // map:      (1/3 + (1/3)/5 + (1/2)/10) / 3 = 0.15
        // map_at_k: (1/3 + (1/3)/3 + (1/2)/3) / 3 = 11/54
        Assert.Equal(0.15, Average(RatingPred, 3, (r, t) => RankingMetrics.AveragePrecision(r, t, 3)), 12);
        Assert.Equal(11.0 / 54, Average(RatingPred, 3, (r, t) => RankingMetrics.AveragePrecisionAtK(r, t, 3)), 12);
    }

    [Fact]
    public void Only_users_present_in_both_truth_and_predictions_count()
    {
        // As their merge_ranking_true_pred: a user with predictions but no truth (99) does not enter the average.
        var withStranger = RatingPred.Append((99, 1, 20.0)).ToArray();
        AssertApprox(0.26666, Average(withStranger, 10, (r, t) => RankingMetrics.PrecisionAtK(r, t, 10)));
    }
}
