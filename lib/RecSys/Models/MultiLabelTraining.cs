using System.IO;
using RecSys.Training;
using TorchSharp;
using static TorchSharp.torch;

// Taught in notebooks/05-convolutional-content.ipynb (the cell marked "// @save" with this path): edit both together.
namespace RecSys.Models;

/// <summary>One multi-label training run: epochs, Adam's learning rate, batch size (films), seed, weight decay and patience.</summary>
public sealed record MultiLabelOptions(int Epochs, double LearningRate, int BatchSize, int Seed, double WeightDecay = 0, int Patience = 3);

/// <summary>
/// Trains a content encoder (TextCNN, the poster CNN) on a multi-label task: each film's inputs → one logit per label
/// (a genre, or a user who rated the film), binary cross-entropy per label, averaged. The rows given for training
/// are the only films it learns from; with validation rows it stops when their loss has not fallen for
/// <see cref="MultiLabelOptions.Patience"/> epochs and keeps the best epoch.
/// </summary>
public static class MultiLabelTraining
{
    public static TrainingHistory Train(nn.Module<Tensor, Tensor> model, Tensor inputs, Tensor labels, int[] trainRows, int[]? validationRows,
        MultiLabelOptions options, TextWriter? log = null)
    {
        if (trainRows.Length == 0) throw new ArgumentException("No training rows: there is nothing to learn from.", nameof(trainRows));
        if (inputs.shape[0] != labels.shape[0])
            throw new ArgumentException($"{inputs.shape[0]} input rows but {labels.shape[0]} label rows: give one label row per film.", nameof(labels));
        Device device = model.parameters().First().device;
        torch.random.manual_seed(options.Seed);
        using var optimizer = optim.Adam(model.parameters(), lr: options.LearningRate, weight_decay: options.WeightDecay);
        Tensor rows = torch.tensor(Array.ConvertAll(trainRows, r => (long)r), device: device);

        Tensor BatchLoss(Tensor batch)
        {
            Tensor films = rows[batch];
            return nn.functional.binary_cross_entropy_with_logits(model.forward(inputs[films]), labels[films]);
        }

        Func<double>? validate = validationRows == null ? null : () =>
        {
            using var scope = torch.NewDisposeScope();
            Tensor films = torch.tensor(Array.ConvertAll(validationRows, r => (long)r), device: device);
            return nn.functional.binary_cross_entropy_with_logits(Apply(model, model.forward, inputs[films]), labels[films]).item<float>();
        };
        TrainingHistory history = TrainingLoop.Run(model, optimizer, new Minibatches(trainRows.Length, options.BatchSize, options.Seed), BatchLoss,
            options.Epochs, validate, "validation loss",
            earlyStopping: validate == null ? null : new EarlyStopping(options.Patience, HigherIsBetter: false),
            log: log ?? TextWriter.Null);
        rows.Dispose();
        return history;
    }

    /// <summary>
    /// A function of the model (its logits, or its feature vectors) on every row of <paramref name="inputs"/>, in
    /// batches of <paramref name="batchSize"/>, with the model in eval() and no gradients; the result survives the call's dispose scope.
    /// </summary>
    public static Tensor Apply(nn.Module model, Func<Tensor, Tensor> function, Tensor inputs, int batchSize = 256)
    {
        model.eval();
        using var noGrad = torch.no_grad();
        var parts = new List<Tensor>();
        using (var scope = torch.NewDisposeScope())
        {
            for (long start = 0; start < inputs.shape[0]; start += batchSize)
                parts.Add(function(inputs[TensorIndex.Slice(start, Math.Min(start + batchSize, inputs.shape[0]))]));
            return torch.cat(parts, 0).MoveToOuterDisposeScope();
        }
    }
}
