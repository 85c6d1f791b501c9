namespace RecSys.Metrics;

/// <summary>
/// Metrics for a score per example against a 0/1 label, as click-through-rate (CTR) models are judged: the area
/// under the ROC curve over all examples at once (not per user), and the log loss of predicted probabilities.
/// </summary>
public static class ClassificationMetrics
{
    /// <summary>
    /// AUC: the share of (positive, negative) example pairs in which the positive has the higher score, a tie
    /// counting as half a correct pair. Computed from ranks (Mann–Whitney): sort once, give tied scores their average
    /// rank, then AUC = (sum of the positives' ranks − P(P+1)/2) / (P·N). NaN scores are an error.
    /// </summary>
    public static double Auc(IReadOnlyList<float> scores, IReadOnlyList<float> labels)
    {
        CheckLengths(scores.Count, labels.Count);
        long positives = labels.Count(y => y == 1), negatives = labels.Count(y => y == 0);
        if (positives + negatives != labels.Count) throw new ArgumentException("Every label must be 0 or 1.", nameof(labels));
        if (positives == 0 || negatives == 0)
            throw new ArgumentException($"AUC needs both classes; got {positives} positive and {negatives} negative labels.", nameof(labels));
        if (scores.Any(float.IsNaN)) throw new ArgumentException("A score is NaN: the model diverged or was given bad input.", nameof(scores));
        int[] order = Enumerable.Range(0, scores.Count).OrderBy(k => scores[k]).ToArray();
        double positiveRankSum = 0;
        for (int start = 0; start < order.Length;)
        {
            int end = start;
            while (end + 1 < order.Length && scores[order[end + 1]] == scores[order[start]]) end++;
            double averageRank = (start + end) / 2.0 + 1;   // ranks are 1-based; a run of ties shares their mean
            for (int k = start; k <= end; k++)
                if (labels[order[k]] == 1) positiveRankSum += averageRank;
            start = end + 1;
        }
        return (positiveRankSum - positives * (positives + 1) / 2.0) / ((double)positives * negatives);
    }

    /// <summary>
    /// Log loss (binary cross-entropy): the mean of −[y log p + (1 − y) log(1 − p)]. Probabilities are clipped to
    /// [1e−15, 1 − 1e−15] first (as scikit-learn does), so one confident mistake costs about 34.5, not infinity.
    /// </summary>
    public static double LogLoss(IReadOnlyList<double> probabilities, IReadOnlyList<float> labels)
    {
        CheckLengths(probabilities.Count, labels.Count);
        const double epsilon = 1e-15;
        double sum = 0;
        for (int k = 0; k < labels.Count; k++)
        {
            double p = probabilities[k];
            if (double.IsNaN(p) || p < 0 || p > 1) throw new ArgumentException($"Probability {k} is {p}; probabilities lie in [0, 1].", nameof(probabilities));
            p = Math.Clamp(p, epsilon, 1 - epsilon);
            sum -= labels[k] == 1 ? Math.Log(p) : Math.Log(1 - p);
        }
        return sum / labels.Count;
    }

    /// <summary>The logistic function σ(z) = 1 / (1 + e^−z): a logit as a probability.</summary>
    public static double Sigmoid(double logit) => 1 / (1 + Math.Exp(-logit));

    static void CheckLengths(int scores, int labels)
    {
        if (scores != labels) throw new ArgumentException($"There are {scores} scores but {labels} labels; give one score per label.");
        if (labels == 0) throw new ArgumentException("There are no examples to evaluate.");
    }
}
