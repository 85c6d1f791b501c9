using Xunit.Abstractions;
using System.Diagnostics;
using RecSys.Baselines;
using RecSys.Data;
using RecSys.Evaluation;
using RecSys.Models;
using RecSys.Splitting;
using RecSys.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace RecSys.Tests.Models;

/// <summary>
/// The factor models the chapters teach learn on real ML-100K data in a few epochs: the loss falls and they beat
/// the trivial baseline; training is seeded and device-aware.
/// </summary>
[Collection(TrainingCollection.Name)]
public class FactorModelsTests(ITestOutputHelper output)
{
    readonly MovieLensDataset data = SharedData.MovieLens100K;

    static readonly MfOptions SmallMf = new(Factors: 20, Lambda: 0.1, BiasLambda: 0.01, Epochs: 6, LearningRate: 0.005, BatchSize: 512, Seed: 42);

    static readonly BprOptions SmallBpr = new(Factors: 32, Lambda: 0.005, Epochs: 8, LearningRate: 0.01, Decay: 0.95, BatchSize: 1024, Seed: 42);

    [Fact]
    public void Biased_mf_starts_as_the_global_mean_with_the_taught_initialisation()
    {
        Reproducibility.Seed(1);
        var model = new BiasedMatrixFactorization(userCount: 500, itemCount: 400, factors: 50, globalMean: 3.5f);
        Assert.InRange(model.UserFactors.weight!.std().item<float>(), 0.045, 0.055);   // init std 0.05, as chapter 02 teaches
        Assert.Equal(0, model.UserBias.weight!.abs().sum().item<float>());
        using var noGrad = torch.no_grad();
        float prediction = model.forward(torch.tensor(new long[] { 3 }), torch.tensor(new long[] { 7 })).item<float>();
        Assert.InRange(prediction, 3.4, 3.6);                                           // μ + a tiny dot product
        Tensor penalty = model.Penalty(torch.tensor(new long[] { 3 }), torch.tensor(new long[] { 7 }), lambda: 1, lambdaBias: 1);
        double byHand = model.UserFactors.weight![3].pow(2).sum().item<float>() + model.ItemFactors.weight![7].pow(2).sum().item<float>();
        Assert.Equal(byHand, penalty.item<float>(), 5);
    }

    [Fact]
    public void Biased_mf_learns_and_beats_the_global_mean_on_fold_u1()
    {
        Split fold = Splitters.OfficialFold(data, 1);
        var clock = Stopwatch.StartNew();
        MfRun run = MatrixFactorizationTraining.Train(fold.Train, fold.Test, data.UserCount, data.ItemCount, SmallMf, device: torch.CPU);

        Assert.True(run.TrainRmse.Zip(run.TrainRmse.Skip(1)).All(p => p.Second < p.First) && run.TrainRmse[^1] < run.TrainRmse[0] - 0.03,
            $"train RMSE per epoch: {string.Join(", ", run.TrainRmse.Select(r => r.ToString("F4")))}");
        double mf = Protocols.Ratings("mf", Scorers.ForPairs(run.Model.Predict, run.Model), fold.Test, fold.Description)["rmse"];
        double mean = Protocols.Ratings("mean", BiasBaseline.GlobalMeanOnly(fold.Train, data.UserCount, data.ItemCount).Predict, fold.Test, fold.Description)["rmse"];
        output.WriteLine($"fold u1, {SmallMf}: MF RMSE {mf:F4}, global mean {mean:F4}, {clock.Elapsed.TotalSeconds:F1} s");
        Assert.True(mf < mean - 0.1, $"MF RMSE {mf:F4}, global mean {mean:F4}");
        // The per-epoch RMSE computed on tensors is the protocol's RMSE.
        Assert.Equal(mf, run.ValidationRmse[^1], 4);
        Assert.True(clock.Elapsed.TotalSeconds < 30, $"{clock.Elapsed.TotalSeconds:F1} s");
    }

    [Fact]
    public void Bpr_learns_and_ranks_better_than_random_and_most_popular()
    {
        Split split = Splitters.Stratified(data.Ratings, new[] { 0.75, 0.25 }, StratifyBy.Item, seed: 42);
        var clock = Stopwatch.StartNew();
        BprRun run = BprTraining.Train(split.Train, null, data.UserCount, data.ItemCount, SmallBpr);

        double[] losses = run.History.Losses;
        Assert.True(losses[^1] < 0.5 * losses[0], $"BPR loss per epoch: {string.Join(", ", losses.Select(l => l.ToString("F4")))}");
        double bpr = Protocols.FullRanking("bpr", Scorers.ForUsers(run.Model.ScoreAll, run.Model), split, data.ItemCount)["ndcg@10"];
        double random = Protocols.FullRanking("random", RankingBaselines.Random(data.ItemCount, 42), split, data.ItemCount)["ndcg@10"];
        double popular = Protocols.FullRanking("popular", RankingBaselines.MostPopular(split.Train, data.ItemCount), split, data.ItemCount)["ndcg@10"];
        output.WriteLine($"75/25 by item, seed 42, {SmallBpr}: NDCG@10 BPR {bpr:F4}, most popular {popular:F4}, random {random:F4}, {clock.Elapsed.TotalSeconds:F1} s");
        Assert.True(bpr > 5 * random, $"BPR NDCG@10 {bpr:F4}, random {random:F4}");
        Assert.True(bpr > popular, $"BPR NDCG@10 {bpr:F4}, most popular {popular:F4}");
        Assert.True(clock.Elapsed.TotalSeconds < 30, $"{clock.Elapsed.TotalSeconds:F1} s");
    }

    [Fact]
    public void Bpr_training_is_reproducible_with_its_seed()
    {
        Rating[] train = data.Ratings.Take(20_000).ToArray();
        BprOptions tiny = SmallBpr with { Factors = 8, Epochs = 3 };
        BprRun first = BprTraining.Train(train, null, data.UserCount, data.ItemCount, tiny);
        BprRun second = BprTraining.Train(train, null, data.UserCount, data.ItemCount, tiny);
        Assert.Equal(first.History.Losses, second.History.Losses);
        Assert.Equal(first.Model.ItemFactors.weight!.data<float>().ToArray(), second.Model.ItemFactors.weight!.data<float>().ToArray());
        BprRun otherSeed = BprTraining.Train(train, null, data.UserCount, data.ItemCount, tiny with { Seed = 43 });
        Assert.NotEqual(first.History.Losses, otherSeed.History.Losses);
    }

    [Fact]
    public void The_training_loop_calls_before_epoch_once_before_each_epochs_batches()
    {
        var model = nn.Linear(1, 1);
        var optimizer = optim.SGD(model.parameters(), learningRate: 0.1);
        Tensor x = torch.ones(4, 1);
        var events = new List<string>();
        TrainingLoop.Run(model, optimizer, new Minibatches(4, 2, seed: 1),
            batch => { events.Add("batch"); return model.forward(x[batch]).pow(2).mean(); },
            epochs: 2, beforeEpoch: epoch => events.Add($"epoch {epoch}"), log: TextWriter.Null);
        Assert.Equal(new[] { "epoch 1", "batch", "batch", "epoch 2", "batch", "batch" }, events);
    }

    [Fact]
    public void Bpr_validation_stops_early_and_keeps_the_best_epoch()
    {
        Split split = Splitters.Stratified(data.Ratings.Take(30_000).ToArray(), new[] { 0.8, 0.2 }, StratifyBy.Item, seed: 1);
        var log = new StringWriter();
        BprRun run = BprTraining.Train(split.Train, split.Test, data.UserCount, data.ItemCount, SmallBpr with { Epochs = 4, Patience = 2 }, log: log);
        Assert.Equal(run.History.Epochs.Count, run.History.ValidationValues.Count(v => !double.IsNaN(v)));
        Assert.NotNull(run.History.BestEpoch);
        Assert.Contains("validation NDCG@10", log.ToString());
    }

    [Fact]
    public void Models_are_built_on_the_device_they_are_given()
    {
        Reproducibility.Seed(1);
        var mf = new BiasedMatrixFactorization(10, 10, 4, 3.5f, device: torch.CPU);
        var bpr = new BprMatrixFactorization(10, 10, 4, device: torch.CPU);
        Assert.All(mf.parameters().Concat(bpr.parameters()), p => Assert.Equal(DeviceType.CPU, p.device_type));
        RatingTensors tensors = RatingTensors.From(new[] { new Rating(1, 2, 4, 0), new Rating(3, 4, 5, 0) }, torch.CPU);
        Assert.Equal(new long[] { 1, 3 }, tensors.Users.data<long>().ToArray());
        Assert.Equal(new[] { 4f, 5f }, tensors.Stars.data<float>().ToArray());
        Tensor dense = tensors.Dense(tensors.Stars, userCount: 5, itemCount: 6);
        Assert.Equal(4f, dense[1, 2].item<float>());
        Assert.Equal(9f, dense.sum().item<float>());
    }
}
