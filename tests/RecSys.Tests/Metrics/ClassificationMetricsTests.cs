using RecSys.Metrics;

namespace RecSys.Tests.Metrics;

/// <summary>AUC over all examples (ties as half a pair) and log loss, each against cases computed by hand.</summary>
public class ClassificationMetricsTests
{
    [Fact]
    public void Auc_counts_correctly_ordered_pairs_and_a_tie_as_half()
    {
        // Positives 0.35, 0.8; negatives 0.1, 0.4: of the 4 pairs, 0.35 < 0.4 is the one wrong → 3/4.
        Assert.Equal(0.75, ClassificationMetrics.Auc(new[] { 0.1f, 0.4f, 0.35f, 0.8f }, new[] { 0f, 0, 1, 1 }), 12);
        // Positives 0.5, 0.9; negatives 0.5, 0.2: (0.5, 0.5) is a tie → ½; the other three pairs are right → 3.5/4.
        Assert.Equal(0.875, ClassificationMetrics.Auc(new[] { 0.5f, 0.5f, 0.2f, 0.9f }, new[] { 1f, 0, 0, 1 }), 12);
        // All scores equal: every pair a tie → ½. Reversed order → 0.
        Assert.Equal(0.5, ClassificationMetrics.Auc(new[] { 1f, 1, 1, 1, 1 }, new[] { 1f, 0, 1, 0, 0 }), 12);
        Assert.Equal(0.0, ClassificationMetrics.Auc(new[] { 0.1f, 0.2f, 0.9f }, new[] { 1f, 1, 0 }), 12);
    }

    [Fact]
    public void Auc_matches_counting_every_pair_on_random_scores_with_ties()
    {
        var random = new Random(4);
        float[] scores = Enumerable.Range(0, 300).Select(_ => (float)random.Next(25)).ToArray();
        float[] labels = Enumerable.Range(0, 300).Select(_ => (float)random.Next(2)).ToArray();
        double correct = 0, pairs = 0;
        for (int p = 0; p < scores.Length; p++)
            for (int n = 0; n < scores.Length; n++)
            {
                if (labels[p] != 1 || labels[n] != 0) continue;
                pairs++;
                correct += scores[p] > scores[n] ? 1 : scores[p] == scores[n] ? 0.5 : 0;
            }
        Assert.Equal(correct / pairs, ClassificationMetrics.Auc(scores, labels), 12);
    }

    [Fact]
    public void Auc_rejects_one_class_bad_labels_and_nan_scores()
    {
        Assert.Contains("both classes", Assert.Throws<ArgumentException>(() => ClassificationMetrics.Auc(new[] { 0.1f, 0.2f }, new[] { 1f, 1 })).Message);
        Assert.Contains("0 or 1", Assert.Throws<ArgumentException>(() => ClassificationMetrics.Auc(new[] { 0.1f, 0.2f }, new[] { 1f, 4 })).Message);
        Assert.Contains("NaN", Assert.Throws<ArgumentException>(() => ClassificationMetrics.Auc(new[] { float.NaN, 0.2f }, new[] { 1f, 0 })).Message);
        Assert.Throws<ArgumentException>(() => ClassificationMetrics.Auc(new[] { 0.1f }, new[] { 1f, 0 }));
    }

    [Fact]
    public void Log_loss_by_hand_with_clipping()
    {
        // −(ln 0.9 + ln 0.8) / 2
        Assert.Equal(0.164252033486018, ClassificationMetrics.LogLoss(new[] { 0.9, 0.2 }, new[] { 1f, 0 }), 12);
        // A certain mistake costs −ln(1 − (1 − 1e−15)) ≈ 34.54 (1 − 1e−15 is not exact in double precision), not
        // infinity; a certain hit costs about 1e−15.
        Assert.Equal(-Math.Log(1 - (1 - 1e-15)) / 2, ClassificationMetrics.LogLoss(new[] { 1.0, 0.0 }, new[] { 0f, 0 }), 9);
        Assert.Equal(34.54, ClassificationMetrics.LogLoss(new[] { 1.0 }, new[] { 0f }), 2);
        Assert.Throws<ArgumentException>(() => ClassificationMetrics.LogLoss(new[] { 1.5 }, new[] { 1f }));
        Assert.Equal(0.5, ClassificationMetrics.Sigmoid(0), 12);
        Assert.Equal(1 / (1 + Math.Exp(-2)), ClassificationMetrics.Sigmoid(2), 12);
    }
}
