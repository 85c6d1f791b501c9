using Xunit.Abstractions;
using System.Diagnostics;
using RecSys.Baselines;
using RecSys.Data;
using RecSys.Evaluation;
using RecSys.Models;
using RecSys.Sampling;
using RecSys.Splitting;
using RecSys.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace RecSys.Tests.Models;

/// <summary>
/// Chapter 03's models: GMF, the NCF MLP, NeuMF (fresh and pre-trained), the binary cross-entropy training step
/// with sampled negatives, and EASE's closed form. Each is checked against a hand-computed case or an independent
/// condition, and each trained model must learn on real ML-100K data.
/// </summary>
[Collection(TrainingCollection.Name)]
public class NeuralCfTests(ITestOutputHelper output)
{
    readonly MovieLensDataset data = SharedData.MovieLens100K;

    static Tensor Longs(params long[] values) => torch.tensor(values);

    [Fact]
    public void Gmf_with_unit_output_weights_and_no_bias_is_the_dot_product()
    {
        Reproducibility.Seed(1);
        var gmf = new GeneralizedMatrixFactorization(userCount: 3, itemCount: 4, factors: 2);
        using (torch.no_grad())
        {
            gmf.UserFactors.weight![1].copy_(torch.tensor(new[] { 1f, 2f }));
            gmf.ItemFactors.weight![3].copy_(torch.tensor(new[] { 3f, -0.5f }));
            gmf.Output.weight!.fill_(1);
            gmf.Output.bias!.fill_(0);
        }
        using var noGrad = torch.no_grad();
        Assert.Equal(1 * 3 + 2 * -0.5, gmf.forward(Longs(1), Longs(3)).item<float>(), 5);   // p·q = 2
        using (torch.no_grad()) gmf.Output.weight!.copy_(torch.tensor(new[] { 2f, 10f }).unsqueeze(0));
        Assert.Equal(2 * 3 + 10 * (2 * -0.5), gmf.forward(Longs(1), Longs(3)).item<float>(), 5);   // hᵀ(p ⊙ q) = 6 − 10
    }

    [Fact]
    public void The_mlp_concatenates_the_embeddings_and_halves_them_between_user_and_item()
    {
        Reproducibility.Seed(1);
        var mlp = new NcfMlp(userCount: 5, itemCount: 6, layers: new[] { 8, 4, 2 });
        Assert.Equal(4, mlp.UserEmbedding.weight!.shape[1]);
        Assert.Equal(new long[] { 3, 2 }, mlp.Features(Longs(0, 1, 2), Longs(3, 4, 5)).shape);
        Assert.Equal(new long[] { 3 }, mlp.forward(Longs(0, 1, 2), Longs(3, 4, 5)).shape);
        // The first hidden layer sees [p_u ; q_i]: changing the item's embedding changes the output only for that item's pairs.
        using var noGrad = torch.no_grad();
        mlp.eval();
        float[] before = mlp.forward(Longs(0, 1), Longs(3, 4)).data<float>().ToArray();
        mlp.ItemEmbedding.weight![4].add_(1);
        float[] after = mlp.forward(Longs(0, 1), Longs(3, 4)).data<float>().ToArray();
        Assert.Equal(before[0], after[0]);
        Assert.NotEqual(before[1], after[1]);
        var error = Assert.Throws<ArgumentException>(() => new NcfMlp(5, 6, new[] { 7, 4 }));
        Assert.Contains("must be even", error.Message);
    }

    [Fact]
    public void Pretrained_neumf_starts_as_the_blend_of_its_gmf_and_mlp_and_leaves_them_unchanged()
    {
        Reproducibility.Seed(2);
        var gmf = new GeneralizedMatrixFactorization(7, 9, factors: 4, initStd: 0.5);
        var mlp = new NcfMlp(7, 9, new[] { 8, 4 }, initStd: 0.5);
        Tensor users = Longs(0, 3, 6, 2), items = Longs(8, 1, 4, 4);
        using var noGrad = torch.no_grad();
        gmf.eval(); mlp.eval();
        float[] gmfLogits = gmf.forward(users, items).data<float>().ToArray();
        float[] mlpLogits = mlp.forward(users, items).data<float>().ToArray();
        float[] gmfWeightsBefore = gmf.UserFactors.weight!.data<float>().ToArray();

        var neumf = NeuralMatrixFactorization.FromPretrained(gmf, mlp, alpha: 0.25);
        neumf.eval();
        float[] blended = neumf.forward(users, items).data<float>().ToArray();
        for (int k = 0; k < blended.Length; k++)
            Assert.Equal(0.25 * gmfLogits[k] + 0.75 * mlpLogits[k], blended[k], 5);

        // NeuMF trains copies: changing its weights leaves the pre-trained GMF as it was.
        neumf.Gmf.UserFactors.weight!.add_(1);
        Assert.Equal(gmfWeightsBefore, gmf.UserFactors.weight!.data<float>().ToArray());
    }

    [Fact]
    public void Ease_matches_a_two_film_case_solved_by_hand()
    {
        // X = [[1, 1], [1, 0]], λ = 1. With a zero diagonal, B₁₂ alone predicts film 2 from film 1:
        // minimise (1 − b)² + (0 − b)² + b² → b = 1/3; B₂₁ predicts film 1 from film 2: (1 − b)² + 1 + b² → b = 1/2.
        var train = new[] { new Rating(0, 0, 5, 0), new Rating(0, 1, 3, 0), new Rating(1, 0, 1, 0) };
        using Ease ease = Ease.Fit(train, userCount: 2, itemCount: 2, lambda: 1);
        float[] b = ease.ItemWeights.data<float>().ToArray();
        Assert.Equal(new[] { 0, 1 / 3.0, 1 / 2.0, 0 }, b.Select(v => (double)v), new ToleranceComparer(1e-6));
        // Scores are the users' rows of X times B: user 1 has only film 0, so film 1 scores B₀₁ = 1/3.
        Assert.Equal(1 / 3.0, ease.ScoreAll(Longs(1))[0, 1].item<float>(), 6);
    }

    [Fact]
    public void Ease_solves_its_constrained_least_squares_problem_on_real_data()
    {
        // Stationarity: the gradient of ‖X − XB‖² + λ‖B‖², −2Xᵀ(X − XB) + 2λB, is zero off the diagonal
        // (on it, the diagonal constraint's multipliers absorb it). An independent check of the closed form.
        Rating[] train = data.Ratings.Take(20_000).ToArray();
        using Ease ease = Ease.Fit(train, data.UserCount, data.ItemCount, lambda: 200);
        RatingTensors pairs = RatingTensors.From(train);
        Tensor x = pairs.Dense(torch.ones_like(pairs.Stars), data.UserCount, data.ItemCount).to(float64);
        Tensor b = ease.ItemWeights.to(float64);
        Tensor gradient = -2 * x.t().mm(x - x.mm(b)) + 2 * 200 * b;
        Tensor offDiagonal = gradient * (1 - torch.eye(data.ItemCount, dtype: float64));
        double largest = offDiagonal.abs().max().item<double>();
        double scale = (2 * x.t().mm(x)).abs().max().item<double>();
        output.WriteLine($"largest off-diagonal gradient {largest:E2} (scale of XᵀX: {scale:F0})");
        Assert.True(largest < 1e-4 * scale, $"largest off-diagonal gradient {largest}");
        Assert.Equal(0, b.diagonal().abs().sum().item<double>());
        Assert.Throws<ArgumentOutOfRangeException>(() => Ease.Fit(train, data.UserCount, data.ItemCount, lambda: 0));
    }

    [Fact]
    public void Scoring_by_pairs_gives_the_same_scores_as_scoring_all_films_at_once()
    {
        Reproducibility.Seed(3);
        var bpr = new BprMatrixFactorization(20, 30, factors: 5);
        int[] users = { 0, 7, 19, 7 };
        float[] direct = Scorers.ForUsers(bpr.ScoreAll, bpr)(users);
        float[] byPairs = Scorers.ForUsersByPairs(bpr.forward, itemCount: 30, bpr, usersPerChunk: 3)(users);
        Assert.Equal(direct.Length, byPairs.Length);
        for (int k = 0; k < direct.Length; k++) Assert.Equal(direct[k], byPairs[k], 5);

        // And back: a pair scorer built from a full scorer keeps exactly the asked pairs, in order.
        PairScorer pairs = Scorers.ForUsers(bpr.ScoreAll, bpr).ToPairScorer(itemCount: 30);
        float[] picked = pairs(new[] { 19, 0, 19 }, new[] { 2, 29, 5 });
        float[] expected = { direct[2 * 30 + 2], direct[0 * 30 + 29], direct[2 * 30 + 5] };
        for (int k = 0; k < expected.Length; k++) Assert.Equal(expected[k], picked[k], 5);
    }

    [Fact]
    public void Gmf_the_mlp_and_neumf_learn_and_beat_most_popular_under_leave_one_out()
    {
        Split split = Splitters.LeaveLastOut(data.Ratings, withValidation: false);
        var candidates = EvaluationCandidates.Draw(split.Test, new Interactions(data.UserCount, data.ItemCount, data.Ratings), 99, seed: 42);
        double popular = Protocols.SampledRanking("popular", RankingBaselines.MostPopular(split.Train, data.ItemCount).ToPairScorer(data.ItemCount), candidates)["hit@10"];
        var options = new NcfOptions(Negatives: 4, Epochs: 3, LearningRate: 0.005, BatchSize: 2048, Seed: 42);
        // The MLP tower learns more slowly (chapter 03 shows why): it gets more epochs and a larger step.
        Reproducibility.Seed(42);
        foreach (var (model, modelOptions) in new (nn.Module<Tensor, Tensor, Tensor>, NcfOptions)[]
                 {
                     (new GeneralizedMatrixFactorization(data.UserCount, data.ItemCount, 32), options),
                     (new NcfMlp(data.UserCount, data.ItemCount, new[] { 32, 16 }), options with { Epochs = 6, LearningRate = 0.01 }),
                     (new NeuralMatrixFactorization(data.UserCount, data.ItemCount, 16, new[] { 32, 16 }), options),
                 })
        {
            TrainingHistory history = NcfTraining.Train(model, split.Train, data.UserCount, data.ItemCount, modelOptions);
            double hit = Protocols.SampledRanking(model.GetName(), Scorers.ForPairs(model.forward, model), candidates)["hit@10"];
            output.WriteLine($"{model.GetName()}: loss per epoch {string.Join(", ", history.Losses.Select(l => l.ToString("F4")))}; HR@10 {hit:F4} (most popular {popular:F4})");
            Assert.True(history.Losses.Zip(history.Losses.Skip(1)).All(p => p.Second < p.First), "the loss falls every epoch");
            Assert.True(hit > popular + 0.1, $"{model.GetName()} HR@10 {hit:F4}, most popular {popular:F4}");
        }
    }

    [Fact]
    public void Ncf_training_is_seeded_stops_early_and_keeps_memory_flat()
    {
        Rating[] ratings = data.Ratings.Take(20_000).ToArray();
        var options = new NcfOptions(Negatives: 2, Epochs: 12, LearningRate: 0.01, BatchSize: 1024, Seed: 5, Patience: 100);
        var liveTensors = new List<long>();
        GeneralizedMatrixFactorization Build() { Reproducibility.Seed(5); return new GeneralizedMatrixFactorization(data.UserCount, data.ItemCount, 8); }

        var model = Build();
        TrainingHistory first = NcfTraining.Train(model, ratings, data.UserCount, data.ItemCount, options,
            validate: () => { liveTensors.Add(torch.Tensor.TotalCount); return 0; });
        // From epoch 3 to 12: a tensor leaked per batch (20 per epoch) or per epoch would show.
        Assert.True(liveTensors[^1] - liveTensors[2] < 5, $"live tensors per epoch: {string.Join(", ", liveTensors)}");

        TrainingHistory second = NcfTraining.Train(Build(), ratings, data.UserCount, data.ItemCount, options);
        Assert.Equal(first.Losses, second.Losses);
        TrainingHistory otherSeed = NcfTraining.Train(Build(), ratings, data.UserCount, data.ItemCount, options with { Seed = 6 });
        Assert.NotEqual(first.Losses, otherSeed.Losses);

        // A validation metric that only falls: the first epoch is best, training stops after `Patience` more.
        int calls = 0;
        TrainingHistory stopped = NcfTraining.Train(Build(), ratings, data.UserCount, data.ItemCount, options with { Patience = 2 },
            validate: () => -++calls);
        Assert.Equal(1, stopped.BestEpoch);
        Assert.Equal(3, stopped.Epochs.Count);
        Assert.Throws<ArgumentException>(() => NcfTraining.Train(Build(), Array.Empty<Rating>(), data.UserCount, data.ItemCount, options));
    }

    [Fact]
    public void A_pair_scorer_from_a_full_scorer_handles_more_users_than_one_call_takes()
    {
        // 1,030 distinct users: two calls of the full scorer (1,024 + 6). Each score says which user and item it is.
        int itemCount = 7;
        var calls = new List<int>();
        Scorer byIndex = users =>
        {
            calls.Add(users.Length);
            return users.SelectMany(u => Enumerable.Range(0, itemCount).Select(i => (float)(u * 100 + i))).ToArray();
        };
        int[] users = Enumerable.Range(0, 1030).Reverse().Concat(new[] { 5, 1029 }).ToArray();
        int[] items = users.Select(u => u % itemCount).ToArray();
        float[] scores = byIndex.ToPairScorer(itemCount)(users, items);
        Assert.Equal(new[] { 1024, 6 }, calls);
        Assert.Equal(users.Select((u, k) => (float)(u * 100 + items[k])), scores);
    }

    sealed class ToleranceComparer(double tolerance) : IEqualityComparer<double>
    {
        public bool Equals(double a, double b) => Math.Abs(a - b) <= tolerance;
        public int GetHashCode(double value) => 0;
    }
}
