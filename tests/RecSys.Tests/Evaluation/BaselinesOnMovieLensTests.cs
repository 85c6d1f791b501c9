using RecSys.Baselines;
using RecSys.Data;
using RecSys.Evaluation;
using RecSys.Sampling;
using RecSys.Splitting;

namespace RecSys.Tests.Evaluation;

/// <summary>The yardsticks on the real ML-100K, under the protocols the chapters use.</summary>
public class BaselinesOnMovieLensTests
{
    readonly MovieLensDataset data = SharedData.MovieLens100K;

    [Fact]
    public void Most_popular_beats_random_under_full_ranking()
    {
        Split split = Splitters.Stratified(data.Ratings, new[] { 0.75, 0.25 }, StratifyBy.Item, seed: 42);
        var popular = Protocols.FullRanking("most popular", RankingBaselines.MostPopular(split.Train, data.ItemCount), split, data.ItemCount);
        var random = Protocols.FullRanking("random", RankingBaselines.Random(data.ItemCount, seed: 42), split, data.ItemCount);
        Assert.Equal(943, popular.Users);
        Assert.InRange(random["ndcg@10"], 0.0, 0.05);
        Assert.True(popular["ndcg@10"] > 3 * random["ndcg@10"], $"popular {popular["ndcg@10"]}, random {random["ndcg@10"]}");
        Assert.InRange(random["auc"], 0.45, 0.55);
        Assert.True(popular["auc"] > 0.8);
    }

    [Fact]
    public void Most_popular_beats_random_under_sampled_ranking()
    {
        Split split = Splitters.LeaveLastOut(data.Ratings, withValidation: false);
        var candidates = EvaluationCandidates.Draw(split.Test, new Interactions(data.UserCount, data.ItemCount, data.Ratings), 99, seed: 42);
        var popular = Protocols.SampledRanking("most popular", RankingBaselines.MostPopular(split.Train, data.ItemCount).ToPairScorer(data.ItemCount), candidates);
        var random = Protocols.SampledRanking("random", RankingBaselines.Random(data.ItemCount, 42).ToPairScorer(data.ItemCount), candidates);
        Assert.InRange(random["hit@10"], 0.05, 0.15); // 10 of 100 candidates by chance
        Assert.True(popular["hit@10"] > random["hit@10"] + 0.2);
    }

    [Fact]
    public void Bias_baseline_beats_the_global_mean_on_an_official_fold()
    {
        Split split = Splitters.OfficialFold(data, 1);
        var mean = BiasBaseline.GlobalMeanOnly(split.Train, data.UserCount, data.ItemCount);
        var biases = BiasBaseline.Fit(split.Train, data.UserCount, data.ItemCount);
        double meanRmse = Protocols.Ratings("global mean", mean.Predict, split.Test, split.Description)["rmse"];
        double biasRmse = Protocols.Ratings("biases", biases.Predict, split.Test, split.Description)["rmse"];
        Assert.InRange(meanRmse, 1.1, 1.2);
        Assert.InRange(biasRmse, 0.9, 1.0);
    }
}
