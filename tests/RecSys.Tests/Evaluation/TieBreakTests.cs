using RecSys.Data;
using RecSys.Evaluation;
using RecSys.Metrics;
using RecSys.Sampling;

namespace RecSys.Tests.Evaluation;

/// <summary>
/// Equal scores: by item index only when asked for, else in a seeded random order per user that does not depend on
/// how users are batched or scheduled; AUC counts a tie as half a pair, whatever the tie rule.
/// </summary>
public class TieBreakTests
{
    const int Items = 20, K = 5;
    static readonly float[] AllEqual = Enumerable.Repeat(0.5f, Items).ToArray();

    [Fact]
    public void Top_k_of_equal_scores_is_0_to_k_minus_1_by_index_and_a_seeded_other_set_at_random()
    {
        Assert.Equal(new[] { 0, 1, 2, 3, 4 }, TopK.Select(AllEqual, K, null, TieBreak.ByIndex.KeysFor(user: 3, Items)));

        int[] random = TopK.Select(AllEqual, K, null, TieBreak.Random(7).KeysFor(user: 3, Items));
        Assert.Equal(random, TopK.Select(AllEqual, K, null, TieBreak.Random(7).KeysFor(user: 3, Items)));   // reproducible
        Assert.NotEqual(new[] { 0, 1, 2, 3, 4 }, random.Order());
        Assert.Equal(K, random.Distinct().Count());
        // The order is the order of the keys: the K smallest keys, smallest first.
        ulong[] keys = TieBreak.Random(7).KeysFor(3, Items);
        Assert.Equal(Enumerable.Range(0, Items).OrderBy(i => keys[i]).Take(K), random);
        // Another seed or another user: another order.
        Assert.NotEqual(random, TopK.Select(AllEqual, K, null, TieBreak.Random(8).KeysFor(user: 3, Items)));
        Assert.NotEqual(random, TopK.Select(AllEqual, K, null, TieBreak.Random(7).KeysFor(user: 4, Items)));
    }

    [Fact]
    public void Ties_only_reorder_equal_scores()
    {
        float[] scores = { 0.1f, 0.9f, 0.5f, 0.9f, float.NaN, 0.5f };
        int[] top = TopK.Select(scores, 6, null, TieBreak.Random(1).KeysFor(0, scores.Length));
        Assert.Equal(new[] { 1, 3 }, top[..2].Order());
        Assert.Equal(new[] { 2, 5 }, top[2..4].Order());
        Assert.Equal(new[] { 0, 4 }, top[4..]);                     // NaN ranks last
        Assert.Throws<ArgumentException>(() => TopK.Select(scores, 2, null, new ulong[3]));
    }

    [Fact]
    public void Random_keys_are_distinct_and_do_not_follow_the_index()
    {
        ulong[] keys = TieBreak.Random(42).KeysFor(user: 0, itemCount: 1682);
        Assert.Equal(keys.Length, keys.Distinct().Count());
        int[] order = Enumerable.Range(0, keys.Length).OrderBy(i => keys[i]).ToArray();
        // Spearman correlation between item index and rank under the random order: near 0 for a neutral order.
        double n = keys.Length, sumSquares = order.Select((item, rank) => Math.Pow(item - rank, 2)).Sum();
        double rho = 1 - 6 * sumSquares / (n * (n * n - 1));
        Assert.InRange(rho, -0.1, 0.1);
    }

    static Rating[] OneTestItemPerUser(int users) => Enumerable.Range(0, users).Select(u => new Rating(u, u % Items, 5, 0)).ToArray();

    static EvaluationResult RankConstantScores(Rating[] heldOut, TieBreak? ties = null) =>
        Protocols.FullRanking("constant", Constant, Array.Empty<Rating>(), heldOut, Items, K, "hand-made", ties: ties);

    static Scorer Constant => users => new float[users.Length * Items];

    [Fact]
    public void Full_ranking_breaks_ties_at_random_by_default_and_by_index_when_asked()
    {
        Rating[] heldOut = OneTestItemPerUser(users: 40);

        EvaluationResult byIndex = RankConstantScores(heldOut, TieBreak.ByIndex);
        Assert.All(byIndex.Recommendations.Values, list => Assert.Equal(new[] { 0, 1, 2, 3, 4 }, list));
        Assert.EndsWith("ties by item index", byIndex.Protocol);

        EvaluationResult byDefault = RankConstantScores(heldOut);
        Assert.EndsWith($"ties in random order (seed {TieBreak.DefaultSeed})", byDefault.Protocol);
        Assert.True(byDefault.Recommendations.Values.Count(list => !list.SequenceEqual(new[] { 0, 1, 2, 3, 4 })) > 35,
            "with random ties almost every user should get a list other than the first five ids");
        Assert.True(byDefault.Recommendations.Values.Select(list => string.Join(",", list)).Distinct().Count() > 35,
            "random ties differ between users");
        // Reproducible, and the same as the explicit default.
        EvaluationResult again = RankConstantScores(heldOut, TieBreak.Random(TieBreak.DefaultSeed));
        Assert.All(byDefault.Recommendations, pair => Assert.Equal(pair.Value, again.Recommendations[pair.Key]));
        // By chance each user's one test item is in the top 5 of 20 a quarter of the time.
        Assert.InRange(byDefault["hit@5"], 0.05, 0.5);
    }

    [Fact]
    public void A_users_random_order_does_not_depend_on_the_other_users_evaluated()
    {
        Rating[] many = OneTestItemPerUser(users: 2500);   // more than one scorer call, many parallel workers
        EvaluationResult all = RankConstantScores(many);
        EvaluationResult one = RankConstantScores(new[] { many[1700] });
        Assert.Equal(one.Recommendations[1700], all.Recommendations[1700]);
    }

    [Fact]
    public void Auc_counts_a_tie_as_half_a_pair()
    {
        // One user, nothing seen, item 1 relevant. It ties with item 0 (½) and beats item 2 (1): AUC = 1.5 / 2.
        float[] scores = { 0.5f, 0.5f, 0.1f };
        EvaluationResult mixed = Protocols.FullRanking("hand", users => scores, Array.Empty<Rating>(), new[] { new Rating(0, 1, 5, 0) },
            itemCount: 3, k: 1, "hand-made", ties: TieBreak.ByIndex);
        Assert.Equal(0.75, mixed["auc"], 12);

        // All scores equal: 0.5 under every tie rule (index order would have put relevant item 0 before all others).
        foreach (TieBreak ties in new[] { TieBreak.ByIndex, TieBreak.Random(3) })
        {
            EvaluationResult equal = Protocols.FullRanking("constant", users => new float[3], Array.Empty<Rating>(), new[] { new Rating(0, 0, 5, 0) },
                itemCount: 3, k: 1, "hand-made", ties: ties);
            Assert.Equal(0.5, equal["auc"], 12);
        }
    }

    [Fact]
    public void Sampled_ranking_breaks_ties_at_random_by_default()
    {
        // Held-out item 5 among negatives 1, 2, 3, all scoring the same.
        var candidates = new EvaluationCandidates(new[] { 0 }, new[] { 5 }, new[] { new[] { 1, 2, 3 } }, 3);
        PairScorer constant = (users, items) => new float[items.Length];

        // By index the three negatives all come first: rank 4, reciprocal rank 1/4.
        Assert.Equal(0.25, Protocols.SampledRanking("constant", constant, candidates, k: 3, ties: TieBreak.ByIndex)["mrr"], 12);

        // At random: the rank is one plus the negatives whose key for user 0 is smaller than the held-out item's.
        TieBreak random = TieBreak.Random(TieBreak.DefaultSeed);
        int rank = 1 + new[] { 1, 2, 3 }.Count(j => random.Key(0, j) < random.Key(0, 5));
        EvaluationResult byDefault = Protocols.SampledRanking("constant", constant, candidates, k: 3);
        Assert.Equal(1.0 / rank, byDefault["mrr"], 12);
        Assert.EndsWith("ties in random order (seed 0)", byDefault.Protocol);

        // Over many users with 99 tied negatives each, a random order puts the held-out item in the top 10 about 10% of the time;
        // index order never does when the held-out item has the largest id.
        int users = 2000;
        var many = new EvaluationCandidates(Enumerable.Range(0, users).ToArray(), Enumerable.Repeat(99, users).ToArray(),
            Enumerable.Range(0, users).Select(_ => Enumerable.Range(0, 99).ToArray()).ToArray(), 99);
        Assert.InRange(Protocols.SampledRanking("constant", constant, many)["hit@10"], 0.08, 0.12);
        Assert.Equal(0, Protocols.SampledRanking("constant", constant, many, ties: TieBreak.ByIndex)["hit@10"]);
    }
}
