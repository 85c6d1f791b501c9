using RecSys.Metrics;

namespace RecSys.Tests.Metrics;

public class OtherMetricsTests
{
    [Fact]
    public void Rmse_and_mae_by_hand()
    {
        float[] predicted = { 3, 4, 1 }, actual = { 4, 4, 3 };
        Assert.Equal(Math.Sqrt(5.0 / 3), RatingMetrics.Rmse(predicted, actual), 12); // errors 1, 0, 2
        Assert.Equal(1.0, RatingMetrics.Mae(predicted, actual), 12);
        Assert.Throws<ArgumentException>(() => RatingMetrics.Rmse(new float[2], new float[3]));
        Assert.Throws<ArgumentException>(() => RatingMetrics.Mae(Array.Empty<float>(), Array.Empty<float>()));
    }

    [Fact]
    public void Top_K_breaks_ties_by_item_index_and_skips_excluded_items()
    {
        float[] scores = { 0.5f, 0.9f, 0.5f, 0.9f, float.NaN };
        Assert.Equal(new[] { 1, 3, 0 }, TopK.Select(scores, 3));
        Assert.Equal(new[] { 3, 0, 2, 4 }, TopK.Select(scores, 10, new HashSet<int> { 1 }));
        Assert.Equal(new[] { 1, 3, 0, 2, 4 }, TopK.Select(scores, 5));
    }

    [Fact]
    public void Top_K_agrees_with_a_full_sort()
    {
        var random = new Random(3);
        for (int trial = 0; trial < 100; trial++)
        {
            float[] scores = Enumerable.Range(0, 200).Select(_ => (float)random.Next(20)).ToArray();
            int[] sorted = Enumerable.Range(0, 200).OrderByDescending(i => scores[i]).ThenBy(i => i).Take(10).ToArray();
            Assert.Equal(sorted, TopK.Select(scores, 10));
        }
    }

    static readonly Dictionary<int, int[]> Lists = new() { [0] = new[] { 0, 1 }, [1] = new[] { 0, 2 } };

    [Fact]
    public void Coverage_and_entropy()
    {
        Assert.Equal(0.75, BeyondAccuracyMetrics.CatalogCoverage(Lists, 4), 12);       // items 0, 1, 2 of 4
        Assert.Equal(1.5, BeyondAccuracyMetrics.DistributionalCoverage(Lists), 12);    // p = ½, ¼, ¼
    }

    [Fact]
    public void Novelty_and_popularity()
    {
        int[] popularity = { 4, 2, 1, 0 };
        // −log2(4/4) = 0, −log2(2/4) = 1, 0, −log2(1/4) = 2: mean 0.75.
        Assert.Equal(0.75, BeyondAccuracyMetrics.Novelty(Lists, popularity, 4), 12);
        // User 0: (4 + 2)/2 = 3; user 1: (4 + 1)/2 = 2.5.
        Assert.Equal(2.75, BeyondAccuracyMetrics.AveragePopularity(Lists, popularity), 12);
    }

    [Fact]
    public void Intra_list_diversity_from_feature_vectors()
    {
        float[][] features = { new[] { 1f, 0f }, new[] { 0f, 1f }, new[] { 1f, 1f } };
        // User 0: 1 − cos(f0, f1) = 1; user 1: 1 − cos(f0, f2) = 1 − 1/√2.
        Assert.Equal((1 + 1 - 1 / Math.Sqrt(2)) / 2, BeyondAccuracyMetrics.IntraListDiversity(Lists, features), 6);
        Assert.Equal(0, Similarity.Cosine(new[] { 0f, 0f }, new[] { 1f, 1f }));
    }
}
