namespace RecSys.Metrics;

/// <summary>
/// Picks the K best items from a row of scores. Order: higher score first; NaN scores count as lowest; equal scores
/// by smaller tie key, or by lower item index when no keys are given (so results never depend on sort stability).
/// The evaluation protocols pass seeded random keys (<see cref="Evaluation.TieBreak"/>), because index order leaks
/// whatever the ids encode. Excluded items (e.g. those the user rated in training) are skipped.
/// </summary>
public static class TopK
{
    /// <summary>The top K with ties by item index.</summary>
    public static int[] Select(ReadOnlySpan<float> scores, int k, IReadOnlySet<int>? exclude = null) =>
        Select(scores, k, exclude, default);

    /// <summary>The top K with ties by <paramref name="tieKeys"/> (one key per item; empty: by item index).</summary>
    public static int[] Select(ReadOnlySpan<float> scores, int k, IReadOnlySet<int>? exclude, ReadOnlySpan<ulong> tieKeys)
    {
        if (k <= 0) throw new ArgumentOutOfRangeException(nameof(k), k, "K must be positive.");
        if (!tieKeys.IsEmpty && tieKeys.Length != scores.Length)
            throw new ArgumentException($"{tieKeys.Length} tie keys for {scores.Length} scores: give one key per item.", nameof(tieKeys));
        var best = new int[Math.Min(k, scores.Length)];
        int filled = 0;
        for (int item = 0; item < scores.Length; item++)
        {
            if (exclude != null && exclude.Contains(item)) continue;
            if (filled == best.Length && !Before(scores, item, best[filled - 1], tieKeys)) continue;
            // Insert item into the sorted list of the best so far, dropping the last one when full.
            int position = filled == best.Length ? filled - 1 : filled++;
            while (position > 0 && Before(scores, item, best[position - 1], tieKeys))
            {
                best[position] = best[position - 1];
                position--;
            }
            best[position] = item;
        }
        return filled == best.Length ? best : best[..filled];
    }

    /// <summary>True when item a ranks before item b: a higher score, or an equal one and a smaller tie key.</summary>
    public static bool Before(ReadOnlySpan<float> scores, int a, int b, ReadOnlySpan<ulong> tieKeys = default)
    {
        float sa = Comparable(scores[a]), sb = Comparable(scores[b]);
        if (sa != sb) return sa > sb;
        return tieKeys.IsEmpty ? a < b : tieKeys[a] < tieKeys[b] || (tieKeys[a] == tieKeys[b] && a < b);
    }

    /// <summary>NaN ranks lowest, equal to −∞.</summary>
    public static float Comparable(float score) => float.IsNaN(score) ? float.NegativeInfinity : score;
}
