namespace RecSys.Metrics;

/// <summary>
/// Picks the K best items from a row of scores. Order: higher score first; equal scores by lower item index
/// first (so results never depend on sort stability); NaN scores count as lowest. Excluded items (e.g. those the
/// user rated in training) are skipped.
/// </summary>
public static class TopK
{
    public static int[] Select(ReadOnlySpan<float> scores, int k, IReadOnlySet<int>? exclude = null)
    {
        if (k <= 0) throw new ArgumentOutOfRangeException(nameof(k), k, "K must be positive.");
        var best = new int[Math.Min(k, scores.Length)];
        int filled = 0;
        for (int item = 0; item < scores.Length; item++)
        {
            if (exclude != null && exclude.Contains(item)) continue;
            if (filled == best.Length && !Before(scores, item, best[filled - 1])) continue;
            // Insert item into the sorted list of the best so far, dropping the last one when full.
            int position = filled == best.Length ? filled - 1 : filled++;
            while (position > 0 && Before(scores, item, best[position - 1]))
            {
                best[position] = best[position - 1];
                position--;
            }
            best[position] = item;
        }
        return filled == best.Length ? best : best[..filled];
    }

    /// <summary>True when item a ranks before item b.</summary>
    public static bool Before(ReadOnlySpan<float> scores, int a, int b)
    {
        float sa = float.IsNaN(scores[a]) ? float.NegativeInfinity : scores[a];
        float sb = float.IsNaN(scores[b]) ? float.NegativeInfinity : scores[b];
        return sa > sb || (sa == sb && a < b);
    }
}
