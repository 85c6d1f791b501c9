using System.IO;
using RecSys.Evaluation;
using RecSys.Features;
using RecSys.Metrics;
using RecSys.Training;
using TorchSharp;
using static TorchSharp.torch;

// Taught in notebooks/04-hybrid-side-features.ipynb (the cell marked "// @save" with this path): edit both together.
namespace RecSys.Models;

/// <summary>One training run of a field model: epochs (at most), Adam's learning rate and L2 weight decay, batch size, seed, patience.</summary>
public sealed record FieldTrainingOptions(int Epochs, double LearningRate, int BatchSize, int Seed, double WeightDecay = 0, int Patience = 2);

/// <summary>Test (or validation) figures of a field model: AUC over all examples and the log loss.</summary>
public sealed record ClassificationResult(string Model, double Auc, double LogLoss, long Examples);

/// <summary>
/// The one training loop of chapter 04's models — logistic regression, FM, Wide &amp; Deep, DeepFM, the field MLP:
/// binary cross-entropy on the logits, Adam, seeded minibatches, and early stopping on the validation AUC (the
/// best epoch's weights are kept). Any <c>nn.Module&lt;Tensor, Tensor, Tensor&gt;</c> that maps (feature positions,
/// weights) to one logit per example can be trained and scored here.
/// </summary>
public static class FieldTraining
{
    /// <summary>
    /// Trains <paramref name="model"/> (built and seeded by the caller) on <paramref name="train"/>, stopping early on
    /// the AUC of <paramref name="validation"/> — or, when <paramref name="validate"/> is given, on that metric instead
    /// (higher is better, e.g. NDCG@10 of validation users). With neither, it runs every epoch.
    /// </summary>
    public static TrainingHistory Train(nn.Module<Tensor, Tensor, Tensor> model, FieldExamples train, FieldExamples? validation,
        FieldTrainingOptions options, TextWriter? log = null, Func<double>? validate = null, string validationMetric = "val auc")
    {
        if (train.Count == 0) throw new ArgumentException("The training part is empty: there is nothing to learn from.", nameof(train));
        optim.Optimizer optimizer = optim.Adam(model.parameters(), lr: options.LearningRate, weight_decay: options.WeightDecay);
        Tensor BatchLoss(Tensor batch) => nn.functional.binary_cross_entropy_with_logits(
            model.forward(train.Indices[batch], train.Weights[batch]), train.Labels[batch]);
        validate ??= validation == null ? null : () => Evaluate(model, validation).Auc;
        return TrainingLoop.Run(model, optimizer, new Minibatches(train.Count, options.BatchSize, options.Seed), BatchLoss,
            options.Epochs, validate, validationMetric,
            earlyStopping: validate == null ? null : new EarlyStopping(options.Patience, HigherIsBetter: true),
            log: log ?? TextWriter.Null);
    }

    /// <summary>The model's logit for every example, computed in eval() mode without gradients, a chunk at a time.</summary>
    public static float[] Logits(nn.Module<Tensor, Tensor, Tensor> model, FieldExamples examples, int chunk = 16_384)
    {
        model.eval();
        var logits = new float[examples.Count];
        for (long start = 0; start < examples.Count; start += chunk)
        {
            using var scope = torch.NewDisposeScope();
            using var noGrad = torch.no_grad();
            long size = Math.Min(chunk, examples.Count - start);
            Tensor output = model.forward(examples.Indices.narrow(0, start, size), examples.Weights.narrow(0, start, size));
            output.cpu().data<float>().CopyTo(logits, (int)start);
        }
        return logits;
    }

    /// <summary>AUC and log loss of the model on <paramref name="examples"/>.</summary>
    public static ClassificationResult Evaluate(nn.Module<Tensor, Tensor, Tensor> model, FieldExamples examples, string? name = null)
    {
        float[] logits = Logits(model, examples);
        float[] labels;
        using (torch.NewDisposeScope()) labels = examples.Labels.cpu().data<float>().ToArray();
        double[] probabilities = Array.ConvertAll(logits, z => ClassificationMetrics.Sigmoid(z));
        return new ClassificationResult(name ?? model.GetName(), ClassificationMetrics.Auc(logits, labels),
            ClassificationMetrics.LogLoss(probabilities, labels), examples.Count);
    }

    /// <summary>
    /// A scorer for the ranking protocols: each user is paired with every film, the pairs encoded with
    /// <paramref name="table"/> and scored by the model (its logit; the order is the same as the probability's).
    /// </summary>
    public static Scorer RankAllItems(nn.Module<Tensor, Tensor, Tensor> model, FieldTable table, int itemCount, Device? device = null) =>
        users =>
        {
            int[] pairUsers = users.SelectMany(u => Enumerable.Repeat(u, itemCount)).ToArray();
            int[] pairItems = users.SelectMany(_ => Enumerable.Range(0, itemCount)).ToArray();
            using FieldExamples pairs = table.Encode(pairUsers, pairItems, new float[pairUsers.Length], device);
            return Logits(model, pairs);
        };
}
