using System.Diagnostics;
using RecSys.Data;
using RecSys.Models;
using RecSys.Sampling;
using RecSys.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace RecSys.Benchmarks;

/// <summary>How long one epoch took, or, when it hit its time cap, an estimate from the share of batches it finished.</summary>
readonly record struct EpochTime(double Seconds, bool Capped)
{
    public override string ToString() => Capped ? $"~{Seconds:F0} s (capped)" : $"{Seconds:F2} s";
}

/// <summary>
/// One training epoch of each model size the chapters train, on ML-100K fold u1's 80,000 training ratings. Each can
/// stop at a deadline, so a collapsed run (minutes per epoch) stays bounded; its time is then extrapolated.
/// </summary>
abstract class TrainingEpoch
{
    public abstract string Name { get; }

    protected abstract int BatchCount { get; }

    /// <summary>Trains batch number <paramref name="index"/> of the epoch.</summary>
    protected abstract void TrainBatch(int index);

    public EpochTime Run(TimeSpan cap)
    {
        var clock = Stopwatch.StartNew();
        for (int b = 0; b < BatchCount; b++)
        {
            using (torch.NewDisposeScope()) TrainBatch(b);
            if (clock.Elapsed > cap && b + 1 < BatchCount)
                return new EpochTime(clock.Elapsed.TotalSeconds * BatchCount / (b + 1), Capped: true);
        }
        return new EpochTime(clock.Elapsed.TotalSeconds, Capped: false);
    }

    public static TrainingEpoch[] All()
    {
        MovieLensDataset data = MovieLens100K.Load();
        Rating[] train = MovieLens100K.OfficialFold(data, 1).Train;
        return new TrainingEpoch[] { new MatrixFactorizationEpoch(data, train), new BprEpoch(data, train), new GruEpoch(data, train) };
    }

    protected static Tensor Indices(IEnumerable<int> values) => torch.tensor(values.Select(v => (long)v).ToArray());

    /// <summary>Batch <paramref name="index"/> of a fixed seeded order, as index rows.</summary>
    protected static Tensor Slice(Tensor order, int index, int batchSize) =>
        order.narrow(0, (long)index * batchSize, Math.Min(batchSize, order.shape[0] - (long)index * batchSize));
}

/// <summary>An epoch of the library's biased MF (chapter 02's model), plain minibatch SGD on the squared error.</summary>
sealed class MatrixFactorizationEpoch : TrainingEpoch
{
    const int BatchSize = 128;
    readonly RatingTensors ratings;
    readonly Tensor order;
    readonly BiasedMatrixFactorization model;
    readonly optim.Optimizer optimizer;

    public MatrixFactorizationEpoch(MovieLensDataset data, Rating[] train)
    {
        torch.random.manual_seed(1);
        ratings = RatingTensors.From(train);
        order = torch.randperm(train.Length, generator: new Generator(1));
        model = new BiasedMatrixFactorization(data.UserCount, data.ItemCount, factors: 64, train.Average(r => r.Value));
        optimizer = optim.SGD(model.parameters(), learningRate: 0.01);
        model.train();
    }

    public override string Name => "biased MF, 64 factors, SGD, batch 128";
    protected override int BatchCount => (int)((ratings.Count + BatchSize - 1) / BatchSize);

    protected override void TrainBatch(int index)
    {
        Tensor batch = Slice(order, index, BatchSize);
        optimizer.zero_grad();
        nn.functional.mse_loss(model.forward(ratings.Users[batch], ratings.Items[batch]), ratings.Stars[batch]).backward();
        optimizer.step();
    }
}

/// <summary>An epoch of the library's BPR-MF (chapter 02's model): one drawn negative per pair, Adam, λ = 0.005.</summary>
sealed class BprEpoch : TrainingEpoch
{
    const int BatchSize = 1024, Factors = 256;
    readonly Tensor users, positives, negatives, order;
    readonly BprMatrixFactorization model;
    readonly optim.Optimizer optimizer;

    public BprEpoch(MovieLensDataset data, Rating[] train)
    {
        torch.random.manual_seed(1);
        var sampler = new NegativeSampler(new Interactions(data.UserCount, data.ItemCount, train), seed: 1);
        var (u, i, j) = sampler.PairwiseExamples(train);
        (users, positives, negatives) = (Indices(u), Indices(i), Indices(j));
        order = torch.randperm(u.Length, generator: new Generator(1));
        model = new BprMatrixFactorization(data.UserCount, data.ItemCount, Factors);
        optimizer = optim.Adam(model.parameters(), lr: 0.005);
        model.train();
    }

    public override string Name => "BPR-MF, 256 factors, Adam, batch 1024";
    protected override int BatchCount => (int)((users.shape[0] + BatchSize - 1) / BatchSize);

    protected override void TrainBatch(int index)
    {
        Tensor batch = Slice(order, index, BatchSize);
        Tensor u = users[batch], i = positives[batch], j = negatives[batch];
        optimizer.zero_grad();
        (-nn.functional.logsigmoid(model.forward(u, i) - model.forward(u, j)) + 0.005 * model.Penalty(u, i, j)).mean().backward();
        optimizer.step();
    }
}

/// <summary>
/// A small GRU next-item model (GRU4Rec-like): 64-dim item embeddings, 64 hidden units, windows of 20 films from
/// each user's time-ordered history, batch 128, a softmax over all films at every step.
/// </summary>
sealed class GruEpoch : TrainingEpoch
{
    const int Length = 20, BatchSize = 128, Size = 64;
    readonly Tensor inputs, targets;
    readonly Embedding embedding;
    readonly GRU gru;
    readonly Linear output;
    readonly optim.Optimizer optimizer;

    public GruEpoch(MovieLensDataset data, Rating[] train)
    {
        torch.random.manual_seed(1);
        var windows = train.GroupBy(r => r.UserIndex)
            .SelectMany(g => g.OrderBy(r => r.Timestamp).Select(r => r.ItemIndex).Chunk(Length + 1).Where(w => w.Length == Length + 1))
            .ToArray();
        inputs = Indices(windows.SelectMany(w => w[..Length])).reshape(windows.Length, Length);
        targets = Indices(windows.SelectMany(w => w[1..])).reshape(windows.Length, Length);
        embedding = nn.Embedding(data.ItemCount, Size);
        gru = nn.GRU(Size, Size, batchFirst: true);
        output = nn.Linear(Size, data.ItemCount);
        optimizer = optim.Adam(embedding.parameters().Concat(gru.parameters()).Concat(output.parameters()), lr: 0.001);
    }

    public override string Name => "GRU next-item, 64 units, 20 steps, batch 128";
    protected override int BatchCount => (int)((inputs.shape[0] + BatchSize - 1) / BatchSize);

    protected override void TrainBatch(int index)
    {
        Tensor x = Slice(inputs, index, BatchSize), y = Slice(targets, index, BatchSize);
        optimizer.zero_grad();
        var (states, _) = gru.forward(embedding.forward(x));
        Tensor logits = output.forward(states);
        nn.functional.cross_entropy(logits.reshape(-1, logits.shape[2]), y.reshape(-1)).backward();
        optimizer.step();
    }
}
