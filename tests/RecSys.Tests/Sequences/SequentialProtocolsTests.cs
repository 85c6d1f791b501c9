using RecSys.Evaluation;
using RecSys.Sampling;
using RecSys.Sequences;
using static RecSys.Tests.Sequences.SequenceFixtures;

namespace RecSys.Tests.Sequences;

public class SequentialProtocolsTests
{
    // Films:                 0      1      2      3      4      5
    static readonly float[] NoScore = { 0, 0, 0, 0, 0, 0 };

    [Fact]
    public void Full_ranking_of_the_validation_films_by_hand()
    {
        // User 0: training [3, 1, 4], validation film 0. Film 3 scores highest but was rated before: removed, although
        // a model with a window of 2 films would not even read it. Candidates 0, 2, 5: film 5 first, then 0 → rank 2.
        // User 1: training [2, 0], validation film 5. Candidates 1, 3, 4, 5: film 5 is last → rank 4.
        Scorer scorer = Fixed(
            new[] { 0.90f, 0.8f, 0.1f, 0.99f, 0.5f, 0.95f },
            new[] { 0.00f, 0.2f, 0.9f, 0.30f, 0.4f, 0.10f });

        EvaluationResult result = SequentialProtocols.FullRanking("hand", scorer, TwoUsers(), SequenceStage.Validation, k: 2, TieBreak.ByIndex);

        Assert.Equal(new[] { 5, 0 }, result.Recommendations[0]);
        Assert.Equal(new[] { 4, 3 }, result.Recommendations[1]);
        Assert.Equal(0.5, result["hit@2"], 12);                          // (1 + 0) / 2
        Assert.Equal(1 / Math.Log2(3) / 2, result["ndcg@2"], 12);        // (1/log2(2 + 1) + 0) / 2
        Assert.Equal((1.0 / 2 + 1.0 / 4) / 2, result["mrr"], 12);        // over the whole ranking, not cut at K
        Assert.Equal(new[] { "hit@2", "ndcg@2", "mrr" }, result.Metrics.Keys);
        Assert.Equal(2, result.Users);
        Assert.Contains("second-to-last film among all 6 films except those the user rated before it (5 ratings in all), K=2", result.Protocol);
    }

    [Fact]
    public void Full_ranking_of_the_test_films_removes_the_validation_film_too()
    {
        // User 0: test film 5; removed 3, 1, 4 and the validation film 0 (the highest score). Candidates 2 (0.6), 5 (0.5) → rank 2.
        // User 1: test film 1; removed 2, 0, 5. Candidates 1 and 3 tie at 0.7, 4 lower: by index 1 first → rank 1.
        Scorer scorer = Fixed(
            new[] { 1.0f, 0.1f, 0.6f, 2.0f, 0.3f, 0.5f },
            new[] { 0.9f, 0.7f, 0.9f, 0.7f, 0.1f, 0.9f });

        EvaluationResult atOne = SequentialProtocols.FullRanking("hand", scorer, TwoUsers(), SequenceStage.Test, k: 1, TieBreak.ByIndex);

        Assert.Equal(new[] { 2 }, atOne.Recommendations[0]);
        Assert.Equal(new[] { 1 }, atOne.Recommendations[1]);
        Assert.Equal(0.5, atOne["hit@1"], 12);
        Assert.Equal(0.5, atOne["ndcg@1"], 12);
        Assert.Equal((1.0 / 2 + 1) / 2, atOne["mrr"], 12);              // user 0's film at rank 2 still counts 1/2

        // With a tie-break that puts film 3 before film 1 for user 1, the tie goes the other way: rank 2.
        TieBreak threeFirst = Enumerable.Range(0, 100).Select(TieBreak.Random).First(t => t.Key(1, 3) < t.Key(1, 1));
        EvaluationResult otherTies = SequentialProtocols.FullRanking("hand", scorer, TwoUsers(), SequenceStage.Test, k: 1, threeFirst);
        Assert.Equal(0, otherTies["hit@1"], 12);
        Assert.Equal((1.0 / 2 + 1.0 / 2) / 2, otherTies["mrr"], 12);
    }

    [Fact]
    public void The_rank_agrees_with_the_top_k_order()
    {
        float[] scores = { 0.5f, 0.9f, 0.5f, 0.1f, 0.7f };
        var excluded = new HashSet<int> { 1 };
        // Without keys equal scores go by index: 4, then 0 before 2, then 3.
        Assert.Equal(1, SequentialProtocols.RankOf(0, scores, excluded, default));
        Assert.Equal(2, SequentialProtocols.RankOf(2, scores, excluded, default));
        Assert.Equal(0, SequentialProtocols.RankOf(4, scores, excluded, default));
        ulong[] keys = { 5, 0, 1, 0, 0 };                                 // film 2's key is smaller than film 0's
        Assert.Equal(2, SequentialProtocols.RankOf(0, scores, excluded, keys));
        Assert.Equal(1, SequentialProtocols.RankOf(2, scores, excluded, keys));
    }

    /// <summary>
    /// Five films. User 0 rated 0, 1, 2 in that order (test film 2) and never rated 3, 4; user 1 rated 4, 3, 0 (test
    /// film 0) and never rated 1, 2. With two negatives, each user's candidates are exactly the held-out film and
    /// the two films they never rated, whatever the seed.
    /// </summary>
    static UserSequences FiveFilms() => UserSequences.LeaveLastOut(
        Ratings((0, 0, 1), (0, 1, 2), (0, 2, 3), (1, 4, 1), (1, 3, 2), (1, 0, 3)), userCount: 2, itemCount: 5, TieBreak.ByIndex);

    [Fact]
    public void Sampled_ranking_by_hand()
    {
        UserSequences sequences = FiveFilms();
        EvaluationCandidates candidates = SequentialProtocols.DrawCandidates(sequences, SequenceStage.Test, negatives: 2, seed: 7);
        Assert.Equal(new[] { 3, 4 }, candidates.Negatives[0].Order());
        Assert.Equal(new[] { 1, 2 }, candidates.Negatives[1].Order());

        // User 0: 3 (0.7) beats the test film 2 (0.5), 4 (0.1) does not → rank 2. Film 0 scores highest but is no candidate.
        // User 1: the test film 0 (0.9) beats 1 (0.2) and 2 (0.3) → rank 1.
        Scorer scorer = Fixed(
            new[] { 0.99f, 0.99f, 0.5f, 0.7f, 0.1f },
            new[] { 0.90f, 0.20f, 0.3f, 0.99f, 0.99f });
        EvaluationResult atOne = SequentialProtocols.SampledRanking("hand", scorer, sequences, SequenceStage.Test, seed: 7, negatives: 2, k: 1);
        Assert.Equal(0.5, atOne["hit@1"], 12);
        Assert.Equal(0.5, atOne["ndcg@1"], 12);
        Assert.Equal((1.0 / 2 + 1) / 2, atOne["mrr"], 12);
        EvaluationResult atTwo = SequentialProtocols.SampledRanking("hand", scorer, sequences, SequenceStage.Test, seed: 7, negatives: 2, k: 2);
        Assert.Equal(1.0, atTwo["hit@2"], 12);
        Assert.Equal((1 / Math.Log2(3) + 1) / 2, atTwo["ndcg@2"], 12);
        Assert.Contains("last film among 2 films they never rated (uniform, seed 7), K=2", atTwo.Protocol);
    }

    [Fact]
    public void Sampled_negatives_are_films_the_user_never_rated_even_for_validation()
    {
        // Validation: user 0's target is film 1; the test film 2 was rated, so it is never a negative.
        EvaluationCandidates candidates = SequentialProtocols.DrawCandidates(FiveFilms(), SequenceStage.Validation, negatives: 2, seed: 1);
        Assert.Equal(new[] { 1, 3 }, candidates.HeldOutItems);
        Assert.Equal(new[] { 3, 4 }, candidates.Negatives[0].Order());
        var tooMany = Assert.Throws<ArgumentOutOfRangeException>(() => SequentialProtocols.DrawCandidates(FiveFilms(), SequenceStage.Test, negatives: 3, seed: 1));
        Assert.Contains("only 2 items to draw negatives from", tooMany.Message);
    }

    [Fact]
    public void A_scorer_that_gives_the_wrong_number_of_scores_is_named_clearly()
    {
        // Five scores per user where the split has six films: both protocols say what they expected and what they got.
        Scorer tooFew = users => new float[users.Length * 5];
        var full = Assert.Throws<InvalidOperationException>(() => SequentialProtocols.FullRanking("short", tooFew, TwoUsers(), SequenceStage.Validation, k: 2));
        Assert.Contains("returned 10 scores for 2 users; expected 12", full.Message);
        var sampled = Assert.Throws<InvalidOperationException>(() => SequentialProtocols.SampledRanking("short", tooFew, TwoUsers(), SequenceStage.Validation, seed: 1, negatives: 1, k: 2));
        Assert.Contains("scores for", sampled.Message);
    }

    [Fact]
    public void The_same_seed_draws_the_same_candidates()
    {
        var sequences = UserSequences.LeaveLastOut(SharedData.MovieLens100K.Ratings, SharedData.MovieLens100K.UserCount, SharedData.MovieLens100K.ItemCount);
        var first = SequentialProtocols.DrawCandidates(sequences, SequenceStage.Test, 100, seed: 3);
        var second = SequentialProtocols.DrawCandidates(sequences, SequenceStage.Test, 100, seed: 3);
        var other = SequentialProtocols.DrawCandidates(sequences, SequenceStage.Test, 100, seed: 4);
        Assert.Equal(first.Negatives, second.Negatives);
        Assert.NotEqual(first.Negatives, other.Negatives);
        Assert.All(first.Negatives, n => Assert.Equal(100, n.Distinct().Count()));
    }
}

public class HistoryBucketTests
{
    [Fact]
    public void Results_split_by_how_many_films_came_before_the_held_out_one()
    {
        // Validation: user 0 had 3 films before its target (rank 2 → HR@2 1, NDCG@2 1/log2 3), user 1 had 2 (rank 4 → 0).
        Scorer scorer = Fixed(
            new[] { 0.90f, 0.8f, 0.1f, 0.99f, 0.5f, 0.95f },
            new[] { 0.00f, 0.2f, 0.9f, 0.30f, 0.4f, 0.10f });
        UserSequences sequences = TwoUsers();
        EvaluationResult result = SequentialProtocols.FullRanking("hand", scorer, sequences, SequenceStage.Validation, k: 2, TieBreak.ByIndex);

        var buckets = SequentialProtocols.ByHistoryLength(result, sequences, SequenceStage.Validation, 3, 10);

        Assert.Equal(new[] { "<3", "3–9", "≥10" }, buckets.Select(b => b.Range));
        Assert.Equal(new[] { 1, 1, 0 }, buckets.Select(b => b.Users));
        Assert.Equal(0, buckets[0].Ndcg);
        Assert.Equal(1, buckets[1].HitRate);
        Assert.Equal(1 / Math.Log2(3), buckets[1].Ndcg, 12);
        Assert.True(double.IsNaN(buckets[2].Ndcg));
        // The users' average over buckets is the protocol's NDCG.
        Assert.Equal(result["ndcg@2"], buckets.Where(b => b.Users > 0).Sum(b => b.Ndcg * b.Users) / 2, 12);
        Assert.Throws<ArgumentException>(() => SequentialProtocols.ByHistoryLength(result, sequences, SequenceStage.Validation, 10, 3));
    }
}
