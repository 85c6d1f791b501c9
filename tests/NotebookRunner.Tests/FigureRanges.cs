namespace NotebookRunner.Tests;

/// <summary>
/// The range each kind of recorded figure must lie in. A figure is named model.kind, optionally with a cut-off
/// (bpr.ndcg@10: kind ndcg); a kind not listed here fails until its range is added, so a new metric is checked too.
/// </summary>
public static class FigureRanges
{
    const double RatingSpan = 4;   // MovieLens ratings run from 1 to 5: no rating error can exceed 4
    const double MaxBits = 20;     // log2 of a million users or items: novelty and entropy are at most that
    const double MaxLogLoss = 35;  // log loss clips probabilities to [1e−15, 1 − 1e−15]: at most −ln(1e−15) ≈ 34.5

    static readonly Dictionary<string, (double Min, double Max)> Ranges = new()
    {
        ["rmse"] = (0, RatingSpan),
        ["mae"] = (0, RatingSpan),
        ["ndcg"] = (0, 1),
        ["precision"] = (0, 1),
        ["recall"] = (0, 1),
        ["map"] = (0, 1),
        ["mrr"] = (0, 1),
        ["hit"] = (0, 1),
        ["hr"] = (0, 1),
        ["auc"] = (0, 1),
        ["logloss"] = (0, MaxLogLoss),
        ["f1"] = (0, 1),
        ["coverage"] = (0, 1),
        ["catalog_coverage"] = (0, 1),
        ["diversity"] = (0, 1),
        ["genre_diversity"] = (0, 1),
        ["novelty"] = (0, MaxBits),
        ["distributional_coverage"] = (0, MaxBits),
    };

    /// <summary>Null when the figure is finite and in its kind's range; otherwise what is wrong.</summary>
    public static string? Check(string name, double value)
    {
        string kind = name[(name.IndexOf('.') + 1)..].Split('@')[0];
        if (!Ranges.TryGetValue(kind, out var range))
            return $"{name}: no range is known for figures of kind \"{kind}\"; add it to tests/NotebookRunner.Tests/FigureRanges.cs.";
        if (!double.IsFinite(value) || value < range.Min || value > range.Max)
            return $"{name} = {value}, outside [{range.Min}, {range.Max}], the range of {kind}.";
        return null;
    }
}
