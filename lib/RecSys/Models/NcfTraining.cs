using System.IO;
using RecSys.Data;
using RecSys.Sampling;
using RecSys.Training;
using TorchSharp;
using static TorchSharp.torch;

// Taught in notebooks/03-neural-collaborative-filtering.ipynb (the cell marked "// @save" with this path): edit both together.
namespace RecSys.Models;

/// <summary>
/// One NCF training run: sampled negatives per positive, epochs, learning rate, batch size, seed, the L2 weight
/// decay λ (0 in the paper and in chapter 03, where early stopping is the brake), the optimiser (Adam, or plain SGD as the paper uses for a
/// pre-trained NeuMF) and, with validation, the patience of early stopping.
/// </summary>
public sealed record NcfOptions(int Negatives, int Epochs, double LearningRate, int BatchSize, int Seed,
    double WeightDecay = 0, bool PlainSgd = false, int Patience = 3);

/// <summary>
/// Trains any model that gives a logit per (user, item) pair — GMF, the NCF MLP, NeuMF — on implicit feedback as
/// He et al. (2017) do: every rated film is a positive (label 1), each joined by <see cref="NcfOptions.Negatives"/>
/// films the user has not rated (label 0), drawn afresh every epoch; the loss is the binary cross-entropy
/// −[y log σ(ŷ) + (1 − y) log(1 − σ(ŷ))], averaged over a batch.
/// </summary>
public static class NcfTraining
{
    /// <summary>
    /// Trains <paramref name="model"/> (built and seeded by the caller) on <paramref name="train"/>. With
    /// <paramref name="validate"/> — a metric where higher is better, such as validation NDCG@10 — it stops after
    /// <see cref="NcfOptions.Patience"/> epochs without improvement and keeps the best epoch's weights.
    /// </summary>
    public static TrainingHistory Train(nn.Module<Tensor, Tensor, Tensor> model, IReadOnlyList<Rating> train, int userCount, int itemCount,
        NcfOptions options, Func<double>? validate = null, string validationMetric = "validation", TextWriter? log = null)
    {
        if (train.Count == 0) throw new ArgumentException("The training part is empty: there is nothing to learn from.", nameof(train));
        Device device = model.parameters().First().device;
        using optim.Optimizer optimizer = options.PlainSgd
            ? optim.SGD(model.parameters(), options.LearningRate, weight_decay: options.WeightDecay)
            : optim.Adam(model.parameters(), lr: options.LearningRate, weight_decay: options.WeightDecay);
        var sampler = new NegativeSampler(new Interactions(userCount, itemCount, train), options.Seed);
        Tensor users = torch.empty(0), items = torch.empty(0), labels = torch.empty(0);

        // Fresh negatives every epoch: positives and negatives for the whole epoch, moved to the device as three tensors.
        void DrawExamples(int epoch)
        {
            users.Dispose(); items.Dispose(); labels.Dispose();
            var (u, i, y) = sampler.PointwiseExamples(train, options.Negatives);
            users = torch.tensor(Array.ConvertAll(u, x => (long)x), device: device);
            items = torch.tensor(Array.ConvertAll(i, x => (long)x), device: device);
            labels = torch.tensor(y, device: device);
        }

        Tensor BatchLoss(Tensor batch) =>
            nn.functional.binary_cross_entropy_with_logits(model.forward(users[batch], items[batch]), labels[batch]);

        long examplesPerEpoch = (long)train.Count * (1 + options.Negatives);
        TrainingHistory history = TrainingLoop.Run(model, optimizer, new Minibatches(examplesPerEpoch, options.BatchSize, options.Seed),
            BatchLoss, options.Epochs, validate, validationMetric,
            earlyStopping: validate == null ? null : new EarlyStopping(options.Patience, HigherIsBetter: true),
            beforeEpoch: DrawExamples,
            log: log ?? TextWriter.Null);
        users.Dispose(); items.Dispose(); labels.Dispose();
        return history;
    }
}
