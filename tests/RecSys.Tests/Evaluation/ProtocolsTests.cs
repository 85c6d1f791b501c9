using RecSys.Data;
using RecSys.Evaluation;
using RecSys.Sampling;
using RecSys.Splitting;

namespace RecSys.Tests.Evaluation;

public class ProtocolsTests
{
    [Fact]
    public void Full_ranking_by_hand()
    {
        // User 0 rated item 0 in train and item 2 in test; user 1 rated item 1 in train, items 0 and 3 in test.
        var split = new Split("hand-made",
            new[] { new Rating(0, 0, 5, 0), new Rating(1, 1, 5, 0) },
            Array.Empty<Rating>(),
            new[] { new Rating(0, 2, 5, 0), new Rating(1, 0, 5, 0), new Rating(1, 3, 5, 0) });
        float[][] scores = { new[] { 0.9f, 0.1f, 0.5f, 0.7f }, new[] { 0.2f, 0.9f, 0.8f, 0.2f } };
        Scorer scorer = users => users.SelectMany(u => scores[u]).ToArray();

        EvaluationResult result = Protocols.FullRanking("hand", scorer, split, itemCount: 4, k: 2, ties: TieBreak.ByIndex);

        // User 0: item 0 removed, top 2 = [3, 2], one hit at rank 2. User 1: item 1 removed, 0 and 3 tie → [2, 0].
        Assert.Equal(new[] { 3, 2 }, result.Recommendations[0]);
        Assert.Equal(new[] { 2, 0 }, result.Recommendations[1]);
        Assert.Equal(0.5, result["precision@2"], 12);
        Assert.Equal(0.75, result["recall@2"], 12);                    // (1 + 1/2) / 2
        Assert.Equal(0.5088912804029996, result["ndcg@2"], 12);        // (1/log2 3 + (1/log2 3)/(1 + 1/log2 3)) / 2
        Assert.Equal(0.375, result["map"], 12);                        // (1/2 / 1 + 1/2 / 2) / 2
        Assert.Equal(0.375, result["map@2"], 12);
        Assert.Equal(1.0, result["hit@2"], 12);
        Assert.Equal(0.5, result["mrr@2"], 12);
        Assert.Equal(0.25, result["auc"], 12);                         // user 0: 1 of 2 pairs; user 1: 0 of 2
        Assert.Contains("full ranking of all 4 items, seen removed, K=2; hand-made; ties by item index", result.Protocol);
    }

    [Fact]
    public void Sampled_ranking_by_hand_with_ties_by_item_index()
    {
        var candidates = new EvaluationCandidates(new[] { 0 }, new[] { 5 }, new[] { new[] { 1, 2, 3 } }, 3);
        var itemScores = new Dictionary<int, float> { [5] = 0.5f, [1] = 0.9f, [2] = 0.5f, [3] = 0.1f };
        PairScorer scorer = (users, items) => items.Select(i => itemScores[i]).ToArray();

        // Item 1 scores higher and item 2 ties but has the smaller index: the held-out item is third.
        Assert.Equal(0, Protocols.SampledRanking("hand", scorer, candidates, k: 2, ties: TieBreak.ByIndex)["hit@2"]);
        EvaluationResult atThree = Protocols.SampledRanking("hand", scorer, candidates, k: 3, ties: TieBreak.ByIndex);
        Assert.Equal(1, atThree["hit@3"]);
        Assert.Equal(0.5, atThree["ndcg@3"], 12);   // 1 / log2(4)
        Assert.Equal(1.0 / 3, atThree["mrr"], 12);
    }

    [Fact]
    public void Rating_protocol_reports_rmse_and_mae()
    {
        var test = new[] { new Rating(0, 0, 4, 0), new Rating(0, 1, 2, 0) };
        EvaluationResult result = Protocols.Ratings("constant 3", (users, items) => users.Select(_ => 3f).ToArray(), test, "hand-made");
        Assert.Equal(1.0, result["rmse"], 12);
        Assert.Equal(1.0, result["mae"], 12);
        var error = Assert.Throws<KeyNotFoundException>(() => result["ndcg@10"]);
        Assert.Contains("this result has: rmse, mae", error.Message);
    }

    [Fact]
    public void Empty_test_part_is_a_clear_error()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            Protocols.FullRanking("x", users => new float[users.Length * 2], new[] { new Rating(0, 0, 1, 0) }, Array.Empty<Rating>(), 2, 10, "x"));
        Assert.Contains("held-out part is empty", error.Message);
    }
}

public class CandidateRestrictionTests
{
    [Fact]
    public void Only_the_given_candidates_compete()
    {
        // One user, items 0..3; item 0 seen; only items 2 and 3 are candidates; item 3 is relevant.
        float[] scores = { 0.1f, 0.9f, 0.5f, 0.2f };
        var result = Protocols.FullRanking("hand", users => scores, new[] { new Rating(0, 0, 5, 0) }, new[] { new Rating(0, 3, 5, 0) },
            itemCount: 4, k: 1, "cold", candidates: new HashSet<int> { 2, 3 });
        Assert.Equal(new[] { 2 }, result.Recommendations[0]);   // item 1 scores higher but is not a candidate
        Assert.Equal(0, result["hit@1"]);
        Assert.Equal(0, result["auc"]);                          // 3 is below 2: no correctly ordered pair
    }
}
