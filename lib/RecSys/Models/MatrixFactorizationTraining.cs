using System.Diagnostics;
using System.IO;
using RecSys.Data;
using RecSys.Training;
using TorchSharp;
using static TorchSharp.torch;

// Taught in notebooks/02-collaborative-filtering.ipynb (the cell marked "// @save" with this path): edit both together.
namespace RecSys.Models;

/// <summary>
/// One biased-MF training run: factors f, regularisation λ (factors) and λ_b (biases), epochs, the SGD learning
/// rate (per rating: the loss is summed over a batch), batch size and seed; with <see cref="Patience"/> and validation
/// data, stop when the validation RMSE has not improved for that many epochs and keep the best epoch's weights.
/// </summary>
public sealed record MfOptions(int Factors, double Lambda, double BiasLambda, int Epochs, double LearningRate, int BatchSize, int Seed,
    int? Patience = null);

/// <summary>
/// A trained model, its RMSE on the training ratings (and on validation, when given) after every epoch, and the epoch
/// whose weights the model holds: the best validation epoch under early stopping, otherwise the last.
/// </summary>
public sealed record MfRun(BiasedMatrixFactorization Model, List<double> TrainRmse, List<double> ValidationRmse)
{
    public int KeptEpoch { get; set; }
}

/// <summary>Minibatch SGD for <see cref="BiasedMatrixFactorization"/>, the training loop written out in full.</summary>
public static class MatrixFactorizationTraining
{
    /// <summary>
    /// Trains on <paramref name="train"/> on <paramref name="device"/> (CPU by default) for the given epochs, recording
    /// the RMSE on <paramref name="validation"/> when given. One line per epoch goes to <paramref name="log"/> when given.
    /// </summary>
    public static MfRun Train(IReadOnlyList<Rating> train, IReadOnlyList<Rating>? validation, int userCount, int itemCount,
        MfOptions options, Device? device = null, TextWriter? log = null)
    {
        torch.random.manual_seed(options.Seed);
        var model = new BiasedMatrixFactorization(userCount, itemCount, options.Factors, train.Average(r => r.Value), device: device);
        using var optimizer = optim.SGD(model.parameters(), options.LearningRate);
        RatingTensors ratings = RatingTensors.From(train, device);
        RatingTensors? held = validation == null ? null : RatingTensors.From(validation, device);
        var batches = new Minibatches(train.Count, options.BatchSize, options.Seed);
        var run = new MfRun(model, new List<double>(), new List<double>());
        var clock = Stopwatch.StartNew();
        ModelWeights? best = null;

        for (int epoch = 1; epoch <= options.Epochs; epoch++)
        {
            model.train();
            foreach (Tensor batch in batches.Epoch())
            {
                using var scope = torch.NewDisposeScope();
                Tensor u = ratings.Users[batch], i = ratings.Items[batch];
                optimizer.zero_grad();
                Tensor loss = (model.forward(u, i) - ratings.Stars[batch]).pow(2).sum() + model.Penalty(u, i, options.Lambda, options.BiasLambda);
                loss.backward();
                optimizer.step();
            }
            run.TrainRmse.Add(Rmse(model, ratings));
            if (held != null) run.ValidationRmse.Add(Rmse(model, held));
            log?.WriteLine($"epoch {epoch,3}/{options.Epochs}  train RMSE {run.TrainRmse[^1]:F4}"
                + (held != null ? $"  validation RMSE {run.ValidationRmse[^1]:F4}" : "") + $"  {clock.Elapsed.TotalSeconds:F1} s");
            run.KeptEpoch = epoch;

            // Early stopping: remember the best epoch's weights; stop once `Patience` epochs have not beaten it.
            if (options.Patience is not int patience || held == null) continue;
            int bestEpoch = run.ValidationRmse.IndexOf(run.ValidationRmse.Min()) + 1;
            if (bestEpoch == epoch)
            {
                best?.Dispose();
                best = ModelWeights.Copy(model);
            }
            else if (epoch - bestEpoch >= patience) break;
        }
        if (best != null)
        {
            best.RestoreInto(model);
            best.Dispose();
            run.KeptEpoch = run.ValidationRmse.IndexOf(run.ValidationRmse.Min()) + 1;
        }
        return run;
    }

    /// <summary>RMSE of the clamped predictions, as the rating protocol computes it: eval() mode, no gradients.</summary>
    public static double Rmse(BiasedMatrixFactorization model, RatingTensors ratings)
    {
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        model.eval();
        return (model.Predict(ratings.Users, ratings.Items) - ratings.Stars).pow(2).mean().sqrt().item<float>();
    }
}
