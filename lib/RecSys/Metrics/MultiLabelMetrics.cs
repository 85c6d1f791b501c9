namespace RecSys.Metrics;

/// <summary>Metrics for multi-label predictions (e.g. a film's genres), every (film, label) pair one example.</summary>
public static class MultiLabelMetrics
{
    /// <summary>
    /// Micro-averaged ROC AUC: over all (film, label) pairs pooled, the chance that a random positive pair scores above
    /// a random negative one, a tie counting half (Mann–Whitney U with average ranks). Labels are 0 or 1.
    /// </summary>
    public static double MicroAuc(IReadOnlyList<float> scores, IReadOnlyList<float> labels)
    {
        if (scores.Count != labels.Count) throw new ArgumentException($"{scores.Count} scores but {labels.Count} labels: give one score per label.", nameof(labels));
        if (labels.Any(y => y != 0 && y != 1)) throw new ArgumentException("Labels must be 0 or 1.", nameof(labels));
        long positives = labels.Count(y => y == 1), negatives = labels.Count - positives;
        if (positives == 0 || negatives == 0) throw new ArgumentException("AUC needs at least one positive and one negative label.", nameof(labels));

        int[] order = Enumerable.Range(0, scores.Count).OrderBy(i => scores[i]).ToArray();
        double positiveRankSum = 0;
        for (int start = 0; start < order.Length;)
        {
            int end = start;
            while (end + 1 < order.Length && scores[order[end + 1]] == scores[order[start]]) end++;
            double averageRank = (start + end) / 2.0 + 1;   // ranks from 1; equal scores share their average rank
            for (int k = start; k <= end; k++)
                if (labels[order[k]] == 1) positiveRankSum += averageRank;
            start = end + 1;
        }
        return (positiveRankSum - positives * (positives + 1) / 2.0) / ((double)positives * negatives);
    }
}
