using System.IO;
using RecSys.Data;
using RecSys.Evaluation;
using RecSys.Sampling;
using RecSys.Training;
using TorchSharp;
using static TorchSharp.torch;

// Taught in notebooks/02-collaborative-filtering.ipynb (the cell marked "// @save" with this path): edit both together.
namespace RecSys.Models;

/// <summary>
/// One BPR training run: factors, regularisation λ, epochs, Adam's learning rate and its decay per epoch, batch
/// size and seed; with validation data, NDCG@<see cref="TopK"/> after each epoch and early stopping after
/// <see cref="Patience"/> epochs without improvement.
/// </summary>
public sealed record BprOptions(int Factors, double Lambda, int Epochs, double LearningRate, double Decay, int BatchSize, int Seed,
    int TopK = 10, int Patience = 10);

/// <summary>A trained BPR model and its per-epoch history.</summary>
public sealed record BprRun(BprMatrixFactorization Model, TrainingHistory History);

/// <summary>
/// Trains <see cref="BprMatrixFactorization"/> on triples (u, i, j): a film i the user rated against a film j
/// drawn uniformly from those the user has not, with loss −ln σ(x_ui − x_uj) + λ·penalty.
/// </summary>
public static class BprTraining
{
    /// <summary>
    /// Trains on <paramref name="train"/> on <paramref name="device"/> (CPU by default); with <paramref name="validation"/>,
    /// stops early on its full-ranking NDCG@K and keeps the best epoch — or on <paramref name="validate"/>, another
    /// metric where higher is better (e.g. a sampled-ranking protocol's). Progress lines go to <paramref name="log"/> when given.
    /// </summary>
    public static BprRun Train(IReadOnlyList<Rating> train, IReadOnlyList<Rating>? validation, int userCount, int itemCount,
        BprOptions options, Device? device = null, TextWriter? log = null, Func<BprMatrixFactorization, double>? validate = null)
    {
        torch.random.manual_seed(options.Seed);
        var model = new BprMatrixFactorization(userCount, itemCount, options.Factors, device: device);
        using var optimizer = optim.Adam(model.parameters(), lr: options.LearningRate);
        var sampler = new NegativeSampler(new Interactions(userCount, itemCount, train), options.Seed);
        RatingTensors pairs = RatingTensors.From(train, device);
        Tensor negatives = torch.empty(0);

        // One negative per training pair, drawn for the whole epoch at once and moved to the device as one tensor.
        void DrawNegatives(int epoch)
        {
            negatives.Dispose();
            int[] drawn = sampler.PairwiseExamples(train).Negatives;
            negatives = torch.tensor(Array.ConvertAll(drawn, j => (long)j), device: device);
        }

        Tensor BatchLoss(Tensor batch)
        {
            Tensor u = pairs.Users[batch], i = pairs.Items[batch], j = negatives[batch];
            Tensor difference = model.forward(u, i) - model.forward(u, j);
            return (-nn.functional.logsigmoid(difference) + options.Lambda * model.Penalty(u, i, j)).mean();
        }

        Func<double>? metric = validate != null ? () => validate(model)
            : validation == null ? null
            : () => Protocols.FullRanking("bpr", Scorers.ForUsers(model.ScoreAll, model), train, validation, itemCount, options.TopK, "validation")[$"ndcg@{options.TopK}"];
        TrainingHistory history = TrainingLoop.Run(model, optimizer, new Minibatches(train.Count, options.BatchSize, options.Seed), BatchLoss, options.Epochs,
            metric, validationMetric: validate != null ? "validation" : $"validation NDCG@{options.TopK}",
            earlyStopping: metric == null ? null : new EarlyStopping(options.Patience, HigherIsBetter: true),
            schedule: optim.lr_scheduler.ExponentialLR(optimizer, options.Decay),
            beforeEpoch: DrawNegatives,
            log: log ?? TextWriter.Null);
        negatives.Dispose();
        return new BprRun(model, history);
    }
}
