using Xunit.Abstractions;
using RecSys.Data;
using RecSys.Features;
using RecSys.Metrics;
using RecSys.Models;
using RecSys.Splitting;
using RecSys.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace RecSys.Tests.Models;

/// <summary>
/// Chapter 04's models over fields: the FM identity, each forward pass against a hand-computed case or the sum of
/// its parts, and learning on real ML-100K (loss falls, beats a film's own like rate, seeded, flat memory).
/// </summary>
[Collection(TrainingCollection.Name)]
public class HybridModelsTests(ITestOutputHelper output)
{
    // Two one-hot fields (3 and 2 values) and a multi-hot field (3 values, at most 2): positions 1–3, 4–5, 6–8.
    static FieldTable SmallTable() => new(new[]
    {
        Field.OneHot("a", new[] { "a0", "a1", "a2" }, (user, _) => user),
        Field.OneHot("b", new[] { "b0", "b1" }, (_, item) => item),
        Field.MultiHot("c", new[] { "c0", "c1", "c2" }, (_, item) => item == 0 ? new[] { 0, 2 } : new[] { 1 }, maxValues: 2),
    });

    static void SetRows(Tensor weight, params float[][] rows)
    {
        using var noGrad = torch.no_grad();
        for (int r = 0; r < rows.Length; r++) weight[r].copy_(torch.tensor(rows[r]));
    }

    [Fact]
    public void The_fm_identity_equals_the_pairwise_sum_by_hand_and_on_random_embeddings()
    {
        // e₁ = (1, 2), e₂ = (3, −1), e₃ = (0.5, 0.5): ⟨e₁,e₂⟩ = 1, ⟨e₁,e₃⟩ = 1.5, ⟨e₂,e₃⟩ = 1 → 3.5.
        Tensor fields = torch.tensor(new[] { 1f, 2, 3, -1, 0.5f, 0.5f }, new long[] { 1, 3, 2 });
        Assert.Equal(3.5f, FactorizationMachine.PairwiseInteractions(fields).item<float>(), 5);
        Assert.Equal(3.5f, FactorizationMachine.PairwiseInteractionsNaive(fields).item<float>(), 5);

        var generator = new Generator(7);
        Tensor random = torch.randn(new long[] { 50, 9, 16 }, dtype: float64, generator: generator);
        double largest = (FactorizationMachine.PairwiseInteractions(random) - FactorizationMachine.PairwiseInteractionsNaive(random)).abs().max().item<double>();
        Assert.True(largest < 1e-10, $"largest difference {largest}");
    }

    [Fact]
    public void Field_embeddings_average_a_multi_hot_field_and_the_linear_part_adds_weights()
    {
        FieldTable table = SmallTable();
        Reproducibility.Seed(1);
        var embedding = new FieldEmbedding(table, factors: 2);
        // Rows: 0 padding, 1–3 field a, 4–5 field b, 6–8 field c.
        SetRows(embedding.Vectors.weight!, new[] { 9f, 9 }, new[] { 1f, 0 }, new[] { 2f, 0 }, new[] { 3f, 0 },
            new[] { 0f, 1 }, new[] { 0f, 2 }, new[] { 4f, 4 }, new[] { 8f, 0 }, new[] { 0f, 2 });
        using FieldExamples pair = table.Encode(new[] { 2 }, new[] { 0 }, new[] { 1f });   // a2, b0, c ∈ {c0, c2}
        using var noGrad = torch.no_grad();
        float[] fields = embedding.forward(pair.Indices, pair.Weights).data<float>().ToArray();
        Assert.Equal(new[] { 3f, 0, 0, 1, 2, 3 }, fields);   // c: mean of (4, 4) and (0, 2)

        var linear = new FieldLinear(table);
        using (torch.no_grad())
        {
            linear.FeatureWeights.weight!.copy_(torch.arange(9, dtype: float32).unsqueeze(1));   // wⱼ = j
            linear.Bias.fill_(0.5);
        }
        // 0.5 + w₃ + w₄ + (w₆ + w₈)/2 = 0.5 + 3 + 4 + 7
        Assert.Equal(14.5f, linear.forward(pair.Indices, pair.Weights).item<float>(), 5);
        var logistic = new LogisticRegression(table);
        logistic.Linear.load_state_dict(linear.state_dict());
        Assert.Equal(14.5f, logistic.forward(pair.Indices, pair.Weights).item<float>(), 5);
    }

    [Fact]
    public void Each_model_is_the_sum_of_its_parts()
    {
        FieldTable table = SmallTable();
        Reproducibility.Seed(2);
        using FieldExamples pairs = table.Encode(new[] { 0, 1, 2, 2 }, new[] { 0, 1, 1, 0 }, new float[4]);
        var fm = new FactorizationMachine(table, 4, initStd: 0.5);
        var wideDeep = new WideAndDeep(table, 4, new[] { 8, 4 }, initStd: 0.5);
        var deepFm = new DeepFM(table, 4, new[] { 8, 4 }, initStd: 0.5);
        var mlp = new FieldMlp(table, 4, new[] { 8 }, initStd: 0.5);
        using var noGrad = torch.no_grad();
        foreach (var linear in new[] { fm.Linear, wideDeep.Wide, deepFm.Linear })
        {
            linear.Bias.fill_(0.25);
            linear.FeatureWeights.weight!.normal_(0, 0.5);
        }
        Tensor i = pairs.Indices, w = pairs.Weights;
        foreach (nn.Module model in new nn.Module[] { fm, wideDeep, deepFm, mlp }) model.eval();
        AssertClose(fm.Linear.forward(i, w) + FactorizationMachine.PairwiseInteractionsNaive(fm.Embedding.forward(i, w)), fm.forward(i, w));
        AssertClose(wideDeep.Wide.forward(i, w) + wideDeep.Deep.forward(wideDeep.Embedding.forward(i, w)), wideDeep.forward(i, w));
        Tensor fields = deepFm.Embedding.forward(i, w);
        AssertClose(deepFm.Linear.forward(i, w) + FactorizationMachine.PairwiseInteractionsNaive(fields) + deepFm.Deep.forward(fields), deepFm.forward(i, w));
        AssertClose(mlp.Deep.forward(mlp.Embedding.forward(i, w)), mlp.forward(i, w));
        Assert.Equal(new long[] { 4 }, deepFm.forward(i, w).shape);
        // The deep part reads the fields in order: [e_a ; e_b ; e_c] is 3 × 4 = 12 inputs.
        Assert.Equal(12, ((TorchSharp.Modules.Linear)deepFm.Deep.Hidden[0]).in_features);
        Assert.Throws<ArgumentException>(() => new DeepFM(table, 4, Array.Empty<int>()));
    }

    static void AssertClose(Tensor expected, Tensor actual)
    {
        double largest = (expected - actual).abs().max().item<float>();
        Assert.True(largest < 1e-5, $"largest difference {largest}");
    }

    static (FieldExamples Train, FieldExamples Validation, FieldExamples Test, double ItemRateAuc) RealData(FieldTable table, int seed)
    {
        MovieLensDataset data = SharedData.MovieLens100K;
        Rating[] labelled = data.Ratings.Where(r => r.Value != 3).ToArray();
        Split split = Splitters.Random(labelled, new[] { 0.8, 0.1, 0.1 }, seed);
        FieldExamples Encode(Rating[] part) => table.Encode(part.Select(r => r.UserIndex).ToArray(), part.Select(r => r.ItemIndex).ToArray(),
            part.Select(r => r.Value >= 4 ? 1f : 0f).ToArray());
        // A trivial baseline: each film's share of positive training ratings (smoothed towards the overall share).
        double overall = split.Train.Average(r => r.Value >= 4 ? 1.0 : 0.0);
        var rate = split.Train.GroupBy(r => r.ItemIndex).ToDictionary(g => g.Key, g => (g.Count(r => r.Value >= 4) + 5 * overall) / (g.Count() + 5));
        float[] baselineScores = split.Test.Select(r => (float)rate.GetValueOrDefault(r.ItemIndex, overall)).ToArray();
        double baselineAuc = ClassificationMetrics.Auc(baselineScores, split.Test.Select(r => r.Value >= 4 ? 1f : 0f).ToArray());
        return (Encode(split.Train), Encode(split.Validation), Encode(split.Test), baselineAuc);
    }

    [Fact]
    public void Logistic_regression_fm_and_deepfm_learn_on_real_data_and_beat_each_films_like_rate()
    {
        FieldTable table = MovieLensFields.Table(SharedData.MovieLens100K, MovieLensFields.All);
        var (train, validation, test, itemRateAuc) = RealData(table, seed: 0);
        var options = new FieldTrainingOptions(Epochs: 4, LearningRate: 0.01, BatchSize: 2048, Seed: 0);
        foreach (Func<nn.Module<Tensor, Tensor, Tensor>> build in new Func<nn.Module<Tensor, Tensor, Tensor>>[]
                 { () => new LogisticRegression(table), () => new FactorizationMachine(table, 16), () => new DeepFM(table, 16, new[] { 64, 32 }, 0.2) })
        {
            Reproducibility.Seed(0);
            var model = build();
            TrainingHistory history = FieldTraining.Train(model, train, null, options);
            ClassificationResult result = FieldTraining.Evaluate(model, test);
            output.WriteLine($"{result.Model}: losses {string.Join(", ", history.Losses.Select(l => l.ToString("F4")))}; test AUC {result.Auc:F4}, log loss {result.LogLoss:F4} (a film's like rate: AUC {itemRateAuc:F4})");
            Assert.True(history.Losses.Zip(history.Losses.Skip(1)).All(p => p.Second < p.First), "the loss falls every epoch");
            Assert.True(result.Auc > itemRateAuc + 0.01, $"{result.Model} AUC {result.Auc:F4}, a film's like rate {itemRateAuc:F4}");
            Assert.True(result.LogLoss < 0.5, $"{result.Model} log loss {result.LogLoss:F4}");
        }
        train.Dispose(); validation.Dispose(); test.Dispose();
    }

    [Fact]
    public void Training_is_seeded_stops_early_and_keeps_memory_flat()
    {
        FieldTable table = MovieLensFields.Table(SharedData.MovieLens100K, MovieLensFields.All);
        var (train, validation, test, _) = RealData(table, seed: 1);
        var options = new FieldTrainingOptions(Epochs: 10, LearningRate: 0.01, BatchSize: 4096, Seed: 3, Patience: 100);
        DeepFM Build() { Reproducibility.Seed(3); return new DeepFM(table, 8, new[] { 16 }, 0.2); }

        // One progress line per epoch: count the live tensors each time one is written.
        var liveTensors = new List<long>();
        var log = new LineCallback(() => liveTensors.Add(torch.Tensor.TotalCount));
        TrainingHistory first = FieldTraining.Train(Build(), train, validation, options, log);
        Assert.Equal(10, liveTensors.Count);
        Assert.True(liveTensors[^1] - liveTensors[2] < 5, $"live tensors per epoch: {string.Join(", ", liveTensors)}");

        TrainingHistory second = FieldTraining.Train(Build(), train, validation, options);
        Assert.Equal(first.Losses, second.Losses);
        Assert.Equal(first.ValidationValues, second.ValidationValues);
        TrainingHistory otherSeed = FieldTraining.Train(Build(), train, validation, options with { Seed = 4 });
        Assert.NotEqual(first.Losses, otherSeed.Losses);

        // Early stopping keeps the best validation epoch's weights: the model scores validation as that epoch did.
        var model = Build();
        TrainingHistory stopped = FieldTraining.Train(model, train, validation, options with { Patience = 1, LearningRate = 0.05 });
        Assert.Equal(stopped.Epochs.Max(e => e.Validation!.Value), FieldTraining.Evaluate(model, validation).Auc, 6);
        // A metric of the caller's replaces the validation AUC: one that only falls keeps epoch 1 and stops `Patience` epochs later.
        int calls = 0;
        TrainingHistory ownMetric = FieldTraining.Train(Build(), train, validation, options with { Patience = 2 }, validate: () => -++calls);
        Assert.Equal((1, 3), (ownMetric.BestEpoch ?? 0, ownMetric.Epochs.Count));
        Assert.Throws<ArgumentException>(() => FieldTraining.Train(Build(), table.Encode(Array.Empty<int>(), Array.Empty<int>(), Array.Empty<float>()), null, options));
        train.Dispose(); validation.Dispose(); test.Dispose();
    }

    sealed class LineCallback(Action onLine) : TextWriter
    {
        public override System.Text.Encoding Encoding => System.Text.Encoding.UTF8;
        public override void WriteLine(string? value) => onLine();
    }
}
