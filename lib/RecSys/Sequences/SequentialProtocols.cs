using RecSys.Data;
using RecSys.Evaluation;
using RecSys.Metrics;
using RecSys.Sampling;
using RecSys.Splitting;

namespace RecSys.Sequences;

/// <summary>
/// The two protocols of the sequential chapters, on <see cref="UserSequences"/>: every user has one held-out film
/// per stage (the last film for test, the one before for validation), and a model must rank it high.
/// <list type="bullet">
/// <item><b>Full ranking</b>: every film is a candidate except those the user rated before the held-out one
/// (<see cref="UserSequences.Earlier"/>); HR@K, NDCG@K and MRR.</item>
/// <item><b>Sampled ranking</b>: the held-out film among N films the user never rated, drawn with a seed; HR@K,
/// NDCG@K and MRR. Much higher numbers, and a different order of models is possible (Krichene &amp; Rendle 2020).</item>
/// </list>
/// Both reuse the series' protocols (<see cref="Protocols.FullRanking(string, Scorer, IReadOnlyList{Rating}, IReadOnlyList{Rating}, int, int, string, IReadOnlySet{int}?, TieBreak?)"/>,
/// <see cref="Protocols.SampledRanking"/>), so exclusion, top-K, the seeded tie-break and the metric definitions are
/// the same as in every other chapter. With one relevant film, HR@K is 1 when it ranks in the top K, NDCG@K is
/// 1 / log₂(rank + 1) then (0 otherwise), and MRR is 1 / rank over the whole ranking (rank 1 = first), not cut at K.
/// </summary>
public static class SequentialProtocols
{
    /// <summary>
    /// Full ranking of the held-out film of <paramref name="stage"/>: for each user, <paramref name="scorer"/> scores
    /// every film; the films the user rated before the held-out one are removed (all of them, not only those in a
    /// model's input window; for the test stage this includes the validation film); equal scores are ordered by
    /// <paramref name="ties"/> (seeded random by default). Metrics: hit@K, ndcg@K, mrr, averaged over users.
    /// </summary>
    public static EvaluationResult FullRanking(string model, Scorer scorer, UserSequences sequences, SequenceStage stage, int k = 10, TieBreak? ties = null)
    {
        ties ??= TieBreak.Default;
        int itemCount = sequences.ItemCount;
        Rating[] earlier = sequences.Earlier(stage), heldOut = sequences.HeldOut(stage);
        if (heldOut.Length == 0) throw new ArgumentException($"The split has no {Name(stage)} films: make it with validation (UserSequences.LeaveLastOut does).", nameof(stage));

        // The series' full ranking makes the top-K lists and HR@K, NDCG@K; the scores it asks for are kept for the MRR.
        var rows = new Dictionary<int, float[]>();
        Scorer keepingRows = users =>
        {
            float[] scores = Checked(scorer, itemCount)(users);
            for (int u = 0; u < users.Length; u++) rows[users[u]] = scores[(u * itemCount)..((u + 1) * itemCount)];
            return scores;
        };
        string protocol = $"sequential full ranking, {Name(stage)}: each user's {Target(stage)} among all {itemCount:N0} films except those " +
                          $"the user rated before it ({earlier.Length:N0} ratings in all), K={k}; {sequences.Split.Description}";
        EvaluationResult full = Protocols.FullRanking(model, keepingRows, earlier, heldOut, itemCount, k, protocol, ties: ties);

        var seen = new Interactions(sequences.UserCount, itemCount, earlier);
        double reciprocalRanks = heldOut.Sum(r => 1.0 / (RankOf(r.ItemIndex, rows[r.UserIndex], seen.ItemsOf(r.UserIndex), ties.KeysFor(r.UserIndex, itemCount)) + 1));
        var metrics = new Dictionary<string, double>
        {
            [$"hit@{k}"] = full[$"hit@{k}"],
            [$"ndcg@{k}"] = full[$"ndcg@{k}"],
            ["mrr"] = reciprocalRanks / heldOut.Length,
        };
        return full with { Metrics = metrics };
    }

    /// <summary>
    /// Sampled ranking of the held-out film of <paramref name="stage"/> among <paramref name="negatives"/> films the
    /// user never rated (in any part of the split), drawn with <paramref name="seed"/>: the same seed gives every model
    /// the same candidates. Metrics: hit@K, ndcg@K, mrr (over the negatives + 1 candidates).
    /// </summary>
    public static EvaluationResult SampledRanking(string model, Scorer scorer, UserSequences sequences, SequenceStage stage, int seed,
        int negatives = 100, int k = 10, TieBreak? ties = null)
    {
        EvaluationCandidates candidates = DrawCandidates(sequences, stage, negatives, seed);
        EvaluationResult sampled = Protocols.SampledRanking(model, Checked(scorer, sequences.ItemCount).ToPairScorer(sequences.ItemCount), candidates, k, ties);
        string protocol = $"sequential sampled ranking, {Name(stage)}: each user's {Target(stage)} among {negatives} films they never rated " +
                          $"(uniform, seed {seed}), K={k}; {sequences.Split.Description}; {ties ?? TieBreak.Default}";
        return sampled with { Protocol = protocol };
    }

    /// <summary>
    /// The candidates of <see cref="SampledRanking"/>: each user's held-out film of <paramref name="stage"/> and
    /// <paramref name="negatives"/> distinct films drawn uniformly from those the user never rated.
    /// </summary>
    public static EvaluationCandidates DrawCandidates(UserSequences sequences, SequenceStage stage, int negatives, int seed)
    {
        Rating[] heldOut = sequences.HeldOut(stage);
        if (heldOut.Length == 0) throw new ArgumentException($"The split has no {Name(stage)} films: make it with validation (UserSequences.LeaveLastOut does).", nameof(stage));
        Split split = sequences.Split;
        var everything = new Interactions(sequences.UserCount, sequences.ItemCount, split.Train.Concat(split.Validation).Concat(split.Test));
        return EvaluationCandidates.Draw(heldOut, everything, negatives, seed);
    }

    /// <summary>
    /// A full-ranking result split by how many films each user had rated before the held-out one (all of them, not
    /// only a model's input window): one row per bucket, with its users, HR@K and NDCG@K. <paramref name="edges"/> are
    /// the first lengths of the buckets after the first, e.g. { 50, 100, 200 } gives &lt;50, 50–99, 100–199, ≥200.
    /// K is the length of the result's lists (the protocol's K).
    /// </summary>
    public static IReadOnlyList<HistoryBucket> ByHistoryLength(EvaluationResult result, UserSequences sequences, SequenceStage stage, params int[] edges)
    {
        if (edges.Length == 0 || edges.Zip(edges.Skip(1)).Any(p => p.Second <= p.First) || edges[0] <= 0)
            throw new ArgumentException($"Bucket edges must be positive and increasing, e.g. 50, 100, 200; got [{string.Join(", ", edges)}].", nameof(edges));
        if (result.Recommendations.Count == 0)
            throw new ArgumentException("The result holds no recommendation lists: give a full-ranking result.", nameof(result));
        int k = result.Recommendations.Values.Max(list => list.Length);
        var buckets = new List<HistoryBucket>();
        for (int b = 0; b <= edges.Length; b++)
        {
            int low = b == 0 ? 0 : edges[b - 1], high = b == edges.Length ? int.MaxValue : edges[b];
            var perUser = sequences.Users(stage)
                .Where(u => result.Recommendations.ContainsKey(u))
                .Where(u => HistoryLength(sequences, u, stage) >= low && HistoryLength(sequences, u, stage) < high)
                .Select(u => (Recommended: result.Recommendations[u], Relevant: new HashSet<int> { sequences.HeldOutItem(u, stage)!.Value }))
                .ToArray();
            string range = b == 0 ? $"<{high}" : b == edges.Length ? $"≥{low}" : $"{low}–{high - 1}";
            buckets.Add(new HistoryBucket(range, perUser.Length,
                perUser.Length == 0 ? double.NaN : perUser.Average(p => RankingMetrics.HitAtK(p.Recommended, p.Relevant, k)),
                perUser.Length == 0 ? double.NaN : perUser.Average(p => RankingMetrics.NdcgAtK(p.Recommended, p.Relevant, k))));
        }
        return buckets;
    }

    /// <summary>
    /// The 0-based rank of <paramref name="target"/> in a full ranking: how many candidates (films not in
    /// <paramref name="excluded"/>) come before it in <see cref="TopK"/>'s order (higher score, or equal score and a
    /// smaller tie key), so it agrees with the position of the film in the protocol's top-K list.
    /// </summary>
    public static int RankOf(int target, ReadOnlySpan<float> scores, IReadOnlySet<int> excluded, ReadOnlySpan<ulong> tieKeys)
    {
        int rank = 0;
        for (int item = 0; item < scores.Length; item++)
            if (item != target && !excluded.Contains(item) && TopK.Before(scores, item, target, tieKeys)) rank++;
        return rank;
    }

    /// <summary>How many films the user rated before the held-out film of <paramref name="stage"/>.</summary>
    /// <summary>The scorer, checked to give one score per film for every user it is asked about.</summary>
    static Scorer Checked(Scorer scorer, int itemCount) => users =>
    {
        float[] scores = scorer(users);
        if (scores.Length != users.Length * itemCount)
            throw new InvalidOperationException($"The scorer returned {scores.Length:N0} scores for {users.Length:N0} users; expected {users.Length * itemCount:N0} " +
                                                $"(one per film for each user, {itemCount:N0} films): score every film, in user order.");
        return scores;
    };

    static int HistoryLength(UserSequences sequences, int user, SequenceStage stage) =>
        sequences.TrainingItems(user).Count + (stage == SequenceStage.Test && sequences.HeldOutItem(user, SequenceStage.Validation) != null ? 1 : 0);

    static string Name(SequenceStage stage) => stage == SequenceStage.Validation ? "validation" : "test";

    static string Target(SequenceStage stage) => stage == SequenceStage.Validation ? "second-to-last film" : "last film";
}

/// <summary>One row of <see cref="SequentialProtocols.ByHistoryLength"/>: users whose history length lies in <see cref="Range"/>, and their HR@K and NDCG@K.</summary>
public sealed record HistoryBucket(string Range, int Users, double HitRate, double Ndcg);
