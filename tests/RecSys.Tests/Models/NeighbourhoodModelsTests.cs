using RecSys.Baselines;
using RecSys.Data;
using RecSys.Evaluation;
using RecSys.Models;
using RecSys.Splitting;

namespace RecSys.Tests.Models;

/// <summary>The item-kNN ranker and the kNN rating predictor: by hand on a tiny matrix, and against baselines on ML-100K.</summary>
[Collection(TrainingCollection.Name)]
public class NeighbourhoodModelsTests
{
    // Who has which film (the matrix of ColumnSimilaritiesTests): user 0 → films 0, 1; user 1 → 0, 2; user 2 → 0, 1, 2; user 3 → 1.
    static readonly Rating[] Tiny =
    {
        new(0, 0, 5, 0), new(0, 1, 3, 0),
        new(1, 0, 4, 0), new(1, 2, 2, 0),
        new(2, 0, 1, 0), new(2, 1, 2, 0), new(2, 2, 4, 0),
        new(3, 1, 5, 0),
    };

    [Fact]
    public void Item_knn_scores_are_sums_of_the_k_strongest_true_cosines()
    {
        // Cosines: s_01 = 2/3, s_02 = 2/√6 ≈ 0.816, s_12 = 1/√6 ≈ 0.408. With k = 1 each film keeps its most similar
        // film: film 0 keeps film 2 (0.816), film 1 keeps film 0 (2/3), film 2 keeps film 0 (0.816).
        // ŝ(u, i) = Σ over u's films j of the kept s_ji: user 0 (films 0, 1) → [0, 2/3, 0.816];
        // user 1 (films 0, 2) → [0.816, 2/3, 0.816]; user 3 (film 1) → nothing kept from film 1 → [0, 0, 0].
        Scorer scorer = ItemKnnRanker.Fit(Tiny, userCount: 4, itemCount: 3, neighbours: 1, shrinkage: 0);
        float[] scores = scorer(new[] { 0, 1, 3 });
        double s01 = 2 / 3.0, s02 = 2 / Math.Sqrt(6);
        double[] expected = { 0, s01, s02, s02, s01, s02, 0, 0, 0 };
        for (int k = 0; k < expected.Length; k++) Assert.Equal(expected[k], scores[k], 5);
    }

    [Fact]
    public void Item_knn_rejects_an_impossible_k()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => ItemKnnRanker.Fit(Tiny, 4, 3, neighbours: 4, shrinkage: 0));
        Assert.Contains("between 1 and the number of films, 3", error.Message);
    }

    [Fact]
    public void Knn_prediction_is_the_baseline_plus_the_similarity_weighted_residuals()
    {
        var baseline = BiasBaseline.Fit(Tiny, 4, 3);
        double Residual(int u, int i) => Tiny.Single(r => r.UserIndex == u && r.ItemIndex == i).Value - baseline.Predict(new[] { u }, new[] { i })[0];
        double Baseline(int u, int i) => baseline.Predict(new[] { u }, new[] { i })[0];
        var options = new KnnOptions(Neighbours.Items, RatingSimilarity.PearsonBaseline, K: 2, Shrinkage: 0);
        PairScorer predict = KnnRatingPredictor.Fit(Tiny, 4, 3, options);

        // Film 1 for user 1, who rated films 0 and 2. Films 0 and 1 are co-rated by users 0 and 2, films 1 and 2 by
        // user 2 only: s_10 and s_12 are Pearson-baseline over those users (one user: the sign of the product).
        double z00 = Residual(0, 0), z01 = Residual(0, 1), z20 = Residual(2, 0), z21 = Residual(2, 1), z22 = Residual(2, 2);
        double s10 = (z00 * z01 + z20 * z21) / (Math.Sqrt(z00 * z00 + z20 * z20) * Math.Sqrt(z01 * z01 + z21 * z21));
        double s12 = Math.Sign(z21 * z22);
        var votes = new[] { (S: s10, Z: Residual(1, 0)), (S: s12, Z: Residual(1, 2)) }.Where(v => v.S > 0).ToArray();
        Assert.NotEmpty(votes);   // the case below must exercise the weighted sum, not only the fallback
        double expected = Math.Clamp(Baseline(1, 1) + votes.Sum(v => v.S * v.Z) / votes.Sum(v => v.S), 1, 5);
        Assert.Equal(expected, predict(new[] { 1 }, new[] { 1 })[0], 4);

        // No neighbour with a positive similarity: the baseline alone. User 4 rated only film 3, which nobody else rated.
        Rating[] withLoner = Tiny.Append(new Rating(4, 3, 2, 0)).ToArray();
        PairScorer lonely = KnnRatingPredictor.Fit(withLoner, 5, 4, options);
        Assert.Equal(BiasBaseline.Fit(withLoner, 5, 4).Predict(new[] { 4 }, new[] { 0 })[0], lonely(new[] { 4 }, new[] { 0 })[0], 6);
    }

    [Fact]
    public void Item_knn_ranks_far_better_than_random_on_real_data()
    {
        MovieLensDataset data = SharedData.MovieLens100K;
        Split split = Splitters.Stratified(data.Ratings, new[] { 0.75, 0.25 }, StratifyBy.Item, seed: 42);
        var knn = Protocols.FullRanking("item-kNN", ItemKnnRanker.Fit(split.Train, data.UserCount, data.ItemCount, neighbours: 40, shrinkage: 100), split, data.ItemCount);
        var random = Protocols.FullRanking("random", RankingBaselines.Random(data.ItemCount, seed: 42), split, data.ItemCount);
        Assert.True(knn["ndcg@10"] > 5 * random["ndcg@10"], $"item-kNN NDCG@10 {knn["ndcg@10"]:F4}, random {random["ndcg@10"]:F4}");
    }

    [Fact]
    public void Pearson_knn_beats_the_bias_baseline_on_an_official_fold()
    {
        MovieLensDataset data = SharedData.MovieLens100K;
        Split fold = Splitters.OfficialFold(data, 1);
        double baseline = Protocols.Ratings("baseline", BiasBaseline.Fit(fold.Train, data.UserCount, data.ItemCount).Predict, fold.Test, fold.Description)["rmse"];
        var options = new KnnOptions(Neighbours.Items, RatingSimilarity.PearsonBaseline, K: 40, Shrinkage: 100);
        double knn = Protocols.Ratings("item-kNN", KnnRatingPredictor.Fit(fold.Train, data.UserCount, data.ItemCount, options), fold.Test, fold.Description)["rmse"];
        Assert.True(knn < baseline - 0.01, $"item-kNN RMSE {knn:F4}, baseline {baseline:F4}");
    }
}
