using System.Diagnostics;
using RecSys.Data;
using RecSys.Metrics;
using RecSys.Sampling;
using RecSys.Splitting;

namespace RecSys.Evaluation;

/// <summary>
/// The three evaluation protocols of the series, each one call returning an <see cref="EvaluationResult"/>:
/// full ranking (every item is a candidate), sampled ranking (the held-out item among N sampled negatives) and
/// rating prediction (RMSE, MAE).
/// </summary>
public static class Protocols
{
    const int UsersPerScorerCall = 1024;

    /// <summary>
    /// Full ranking on a split's test part: for each test user, score every item, remove the items the user rated
    /// in train and validation, take the top K and compare with all the user's test items (every test item counts
    /// as relevant, whatever its rating). Metrics are averaged over test users (<see cref="UserAverage"/>).
    /// Equal scores are ordered by <paramref name="ties"/>: seeded random by default (<see cref="TieBreak.Default"/>).
    /// </summary>
    public static EvaluationResult FullRanking(string model, Scorer scorer, Split split, int itemCount, int k = 10, TieBreak? ties = null) =>
        FullRanking(model, scorer, split.Train.Concat(split.Validation).ToArray(), split.Test, itemCount, k,
            $"full ranking of all {itemCount} items, seen removed, K={k}; {split.Description}", ties: ties);

    /// <summary>
    /// Full ranking of <paramref name="heldOut"/> with the <paramref name="seen"/> items removed (e.g. train vs
    /// validation while tuning). When <paramref name="candidates"/> is given, only those items compete (e.g. films
    /// nobody rated in training, for cold-start evaluation). Equal scores are ordered by <paramref name="ties"/>
    /// (seeded random by default); AUC counts a tie between a relevant and a non-relevant item as half a correct pair.
    /// </summary>
    public static EvaluationResult FullRanking(string model, Scorer scorer, IReadOnlyList<Rating> seen, IReadOnlyList<Rating> heldOut,
        int itemCount, int k, string protocol, IReadOnlySet<int>? candidates = null, TieBreak? ties = null)
    {
        ties ??= TieBreak.Default;
        if (heldOut.Count == 0) throw new ArgumentException("The held-out part is empty: there is nothing to evaluate.", nameof(heldOut));
        var clock = Stopwatch.StartNew();
        var truth = heldOut.GroupBy(r => r.UserIndex).ToDictionary(g => g.Key, g => g.Select(r => r.ItemIndex).ToHashSet());
        int userCount = Math.Max(heldOut.Max(r => r.UserIndex), seen.Count == 0 ? 0 : seen.Max(r => r.UserIndex)) + 1;
        var seenItems = new Interactions(userCount, itemCount, seen);
        int[] users = truth.Keys.Order().ToArray();
        int[] nonCandidates = candidates == null ? Array.Empty<int>() : Enumerable.Range(0, itemCount).Where(i => !candidates.Contains(i)).ToArray();

        var recommendations = new int[users.Length][];
        var aucs = new double[users.Length];
        for (int start = 0; start < users.Length; start += UsersPerScorerCall)
        {
            int[] batch = users[start..Math.Min(start + UsersPerScorerCall, users.Length)];
            float[] scores = scorer(batch);
            if (scores.Length != batch.Length * itemCount)
                throw new InvalidOperationException($"The scorer returned {scores.Length} scores for {batch.Length} users × {itemCount} items.");
            int offset = start;
            Parallel.For(0, batch.Length, u =>
            {
                ReadOnlySpan<float> row = scores.AsSpan(u * itemCount, itemCount);
                IReadOnlySet<int> exclude = nonCandidates.Length == 0 ? seenItems.ItemsOf(batch[u]) : seenItems.ItemsOf(batch[u]).Concat(nonCandidates).ToHashSet();
                recommendations[offset + u] = TopK.Select(row, k, exclude, ties.KeysFor(batch[u], itemCount));
                aucs[offset + u] = Auc(row, exclude, truth[batch[u]]);
            });
        }

        var recommended = users.Select((user, i) => (user, list: recommendations[i])).ToDictionary(p => p.user, p => p.list);
        var metrics = TopKMetrics(recommended, truth, k);
        metrics["auc"] = aucs.Where(a => !double.IsNaN(a)).DefaultIfEmpty(double.NaN).Average();
        return new EvaluationResult(model, $"{protocol}; {ties}", metrics, users.Length, clock.Elapsed, recommended);
    }

    /// <summary>
    /// Sampled ranking: each test user's held-out item is ranked among its sampled negatives
    /// (<see cref="EvaluationCandidates"/>). Equal scores are ordered by <paramref name="ties"/> (seeded random by
    /// default). Reports HR@K, NDCG@K and MRR. Numbers are much higher than under full ranking and are not
    /// comparable with it.
    /// </summary>
    public static EvaluationResult SampledRanking(string model, PairScorer scorer, EvaluationCandidates candidates, int k = 10, TieBreak? ties = null)
    {
        ties ??= TieBreak.Default;
        var clock = Stopwatch.StartNew();
        int perUser = candidates.NegativeCount + 1;
        int n = candidates.Users.Length;
        var users = new int[n * perUser];
        var items = new int[n * perUser];
        for (int u = 0; u < n; u++)
        {
            users.AsSpan(u * perUser, perUser).Fill(candidates.Users[u]);
            items[u * perUser] = candidates.HeldOutItems[u];
            candidates.Negatives[u].CopyTo(items, u * perUser + 1);
        }
        float[] scores = scorer(users, items);

        double hits = 0, ndcg = 0, reciprocalRanks = 0;
        for (int u = 0; u < n; u++)
        {
            // Rank of the held-out item (0 = first): the negatives that score higher, or equal with a smaller tie key.
            int rank = 0;
            var row = scores.AsSpan(u * perUser, perUser);
            var rowItems = items.AsSpan(u * perUser, perUser);
            int user = candidates.Users[u];
            float held = TopK.Comparable(row[0]);
            ulong heldKey = ties.Key(user, rowItems[0]);
            for (int j = 1; j < perUser; j++)
            {
                float s = TopK.Comparable(row[j]);
                if (s > held || (s == held && ties.Key(user, rowItems[j]) < heldKey)) rank++;
            }
            if (rank < k)
            {
                hits++;
                ndcg += 1 / Math.Log2(rank + 2);
            }
            reciprocalRanks += 1.0 / (rank + 1);
        }
        var metrics = new Dictionary<string, double>
        {
            [$"hit@{k}"] = hits / n,
            [$"ndcg@{k}"] = ndcg / n,
            ["mrr"] = reciprocalRanks / n,
        };
        string protocol = $"sampled ranking: held-out item among {candidates.NegativeCount} sampled negatives, K={k}; {ties}";
        return new EvaluationResult(model, protocol, metrics, n, clock.Elapsed, new Dictionary<int, int[]>());
    }

    /// <summary>Rating prediction: RMSE and MAE of the predicted ratings of the test pairs.</summary>
    public static EvaluationResult Ratings(string model, PairScorer predict, IReadOnlyList<Rating> test, string protocol)
    {
        if (test.Count == 0) throw new ArgumentException("The test part is empty: there is nothing to evaluate.", nameof(test));
        var clock = Stopwatch.StartNew();
        float[] predicted = predict(test.Select(r => r.UserIndex).ToArray(), test.Select(r => r.ItemIndex).ToArray());
        float[] actual = test.Select(r => r.Value).ToArray();
        var metrics = new Dictionary<string, double>
        {
            ["rmse"] = RatingMetrics.Rmse(predicted, actual),
            ["mae"] = RatingMetrics.Mae(predicted, actual),
        };
        return new EvaluationResult(model, $"rating prediction; {protocol}", metrics,
            test.Select(r => r.UserIndex).Distinct().Count(), clock.Elapsed, new Dictionary<int, int[]>());
    }

    static Dictionary<string, double> TopKMetrics(IReadOnlyDictionary<int, int[]> recommended, IReadOnlyDictionary<int, HashSet<int>> truth, int k) => new()
    {
        [$"precision@{k}"] = UserAverage.Of(recommended, truth, (r, t) => RankingMetrics.PrecisionAtK(r, t, k)),
        [$"recall@{k}"] = UserAverage.Of(recommended, truth, (r, t) => RankingMetrics.RecallAtK(r, t, k)),
        [$"f1@{k}"] = UserAverage.Of(recommended, truth, (r, t) => RankingMetrics.F1AtK(r, t, k)),
        [$"ndcg@{k}"] = UserAverage.Of(recommended, truth, (r, t) => RankingMetrics.NdcgAtK(r, t, k)),
        ["map"] = UserAverage.Of(recommended, truth, (r, t) => RankingMetrics.AveragePrecision(r, t, k)),
        [$"map@{k}"] = UserAverage.Of(recommended, truth, (r, t) => RankingMetrics.AveragePrecisionAtK(r, t, k)),
        [$"hit@{k}"] = UserAverage.Of(recommended, truth, (r, t) => RankingMetrics.HitAtK(r, t, k)),
        [$"mrr@{k}"] = UserAverage.Of(recommended, truth, RankingMetrics.ReciprocalRank),
    };

    /// <summary>
    /// AUC over all unseen items, counted without sorting: over all (relevant, non-relevant) pairs of candidates,
    /// the share where the relevant item scores higher, a tie counting one half (the Mann–Whitney statistic). It
    /// therefore does not depend on any tie-break: all-equal scores give 0.5.
    /// </summary>
    static double Auc(ReadOnlySpan<float> row, IReadOnlySet<int> exclude, HashSet<int> relevant)
    {
        var positives = new List<float>();
        foreach (int item in relevant)
            if (!exclude.Contains(item)) positives.Add(TopK.Comparable(row[item]));
        long halfPoints = 0, negatives = 0;   // 2 per correctly ordered pair, 1 per tie
        for (int item = 0; item < row.Length; item++)
        {
            if (exclude.Contains(item) || relevant.Contains(item)) continue;
            negatives++;
            float negative = TopK.Comparable(row[item]);
            foreach (float positive in positives)
                halfPoints += positive > negative ? 2 : positive == negative ? 1 : 0;
        }
        return positives.Count == 0 || negatives == 0 ? double.NaN : halfPoints / (2.0 * positives.Count * negatives);
    }
}
