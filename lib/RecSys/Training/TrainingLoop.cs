using System.Diagnostics;
using TorchSharp;
using static TorchSharp.torch;

namespace RecSys.Training;

/// <summary>
/// The minibatch training loop the neural chapters share, once a chapter has written it out by hand. Per epoch:
/// <c>model.train()</c>; for each batch, inside a dispose scope, zero the gradients, compute the loss with your
/// function, backpropagate, step; then <c>model.eval()</c> and, under <c>no_grad</c>, your validation metric; then
/// one progress line. Nothing else is hidden: the loss, the data and the metric are yours.
/// </summary>
public static class TrainingLoop
{
    /// <param name="model">The module being trained; switched to train() for each epoch and left in eval().</param>
    /// <param name="optimizer">Steps once per batch.</param>
    /// <param name="batches">The seeded minibatch order; one pass over it is one epoch.</param>
    /// <param name="batchLoss">The mean loss of one batch, given the batch's example indices (from <paramref name="batches"/>).</param>
    /// <param name="epochs">The most epochs to run.</param>
    /// <param name="validate">Optional: a validation metric, computed after each epoch with gradients off.</param>
    /// <param name="validationMetric">The metric's name in the progress lines, e.g. "val ndcg@10".</param>
    /// <param name="earlyStopping">Optional: stop when validation stops improving, and restore the best epoch's weights.</param>
    /// <param name="schedule">Optional: a learning-rate schedule, stepped once after each epoch.</param>
    /// <param name="beforeEpoch">Optional: called with the epoch number (from 1) before each epoch's batches, e.g. to draw fresh negatives.</param>
    /// <param name="log">Where progress lines go; the notebook's output by default.</param>
    public static TrainingHistory Run(
        nn.Module model,
        optim.Optimizer optimizer,
        Minibatches batches,
        Func<Tensor, Tensor> batchLoss,
        int epochs,
        Func<double>? validate = null,
        string validationMetric = "validation",
        EarlyStopping? earlyStopping = null,
        optim.lr_scheduler.LRScheduler? schedule = null,
        Action<int>? beforeEpoch = null,
        TextWriter? log = null)
    {
        if (earlyStopping != null && validate == null) throw new ArgumentException("Early stopping needs a validation metric.", nameof(earlyStopping));
        log ??= Console.Out;
        var history = new TrainingHistory(validationMetric);
        ModelWeights? bestWeights = null;
        double? best = null;
        int epochsWithoutImprovement = 0;

        for (int epoch = 1; epoch <= epochs; epoch++)
        {
            var clock = Stopwatch.StartNew();
            beforeEpoch?.Invoke(epoch);
            double loss = TrainOneEpoch(model, optimizer, batches, batchLoss);
            schedule?.step();
            double? metric = null;
            if (validate != null)
            {
                model.eval();
                using (torch.no_grad()) metric = validate();
            }
            history.Epochs.Add(new EpochRecord(epoch, loss, metric, clock.Elapsed.TotalSeconds));
            log.WriteLine($"epoch {epoch,3}/{epochs}  loss {loss:F4}" + (metric is double m ? $"  {validationMetric} {m:F4}" : "") + $"  {clock.Elapsed.TotalSeconds:F1} s");

            if (earlyStopping == null || metric is not double value) continue;
            if (earlyStopping.IsImprovement(value, best))
            {
                best = value;
                history.BestEpoch = epoch;
                epochsWithoutImprovement = 0;
                bestWeights?.Dispose();
                bestWeights = ModelWeights.Copy(model);
            }
            else if (++epochsWithoutImprovement >= earlyStopping.Patience)
            {
                history.StoppedEarly = true;
                log.WriteLine($"stopping: {validationMetric} has not improved for {earlyStopping.Patience} epochs; keeping epoch {history.BestEpoch}");
                break;
            }
        }

        if (bestWeights != null)
        {
            bestWeights.RestoreInto(model);
            bestWeights.Dispose();
        }
        else history.BestEpoch = history.Epochs.Count;
        model.eval();
        return history;
    }

    /// <summary>One pass over the data; returns the mean loss per example.</summary>
    static double TrainOneEpoch(nn.Module model, optim.Optimizer optimizer, Minibatches batches, Func<Tensor, Tensor> batchLoss)
    {
        model.train();
        double lossSum = 0;
        foreach (Tensor batch in batches.Epoch())
        {
            using var scope = torch.NewDisposeScope();
            optimizer.zero_grad();
            Tensor loss = batchLoss(batch);
            loss.backward();
            optimizer.step();
            lossSum += loss.item<float>() * batch.shape[0];
        }
        return lossSum / batches.Count;
    }
}
