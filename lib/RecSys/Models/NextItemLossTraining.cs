using System.IO;
using RecSys.Sequences;
using RecSys.Training;
using TorchSharp;
using static TorchSharp.torch;

// Taught in notebooks/07-self-attention-sequences.ipynb (the cell marked "// @save" with this path): edit both together.
namespace RecSys.Models;

/// <summary>The two losses of chapter 07: SASRec's paper and the full softmax of the recent replications.</summary>
public enum NextItemLoss
{
    /// <summary>Cross-entropy over all films at every position (<see cref="NextItemTraining.Loss"/>, chapter 06's loss).</summary>
    FullSoftmax,
    /// <summary>Binary cross-entropy of the film that came next (label 1) and one sampled film the user never rated in training (label 0), per position.</summary>
    OneNegativeBinary,
}

/// <summary>
/// <see cref="NextItemTraining"/> with a choice of loss: its loop (seeded minibatches of users, validation NDCG@K after
/// each epoch, early stopping) with either <see cref="NextItemLoss"/>; this class adds only the one-negative loss.
/// </summary>
public static class NextItemLossTraining
{
    /// <summary>
    /// Seeds torch and the negative draws with <see cref="NextItemOptions.Seed"/>, builds the model and trains it on
    /// <paramref name="sequences"/>' training examples with <paramref name="loss"/>, keeping the best validation epoch.
    /// </summary>
    public static NextItemRun<TModel> Train<TModel>(Func<TModel> createModel, UserSequences sequences, NextItemOptions options, NextItemLoss loss,
        Device? device = null, TextWriter? log = null)
        where TModel : nn.Module<Tensor, Tensor>, INextItemModel =>
        NextItemTraining.Train(createModel, sequences, options, device, log, loss == NextItemLoss.FullSoftmax ? null : examples =>
        {
            var negatives = new NegativeFilms(sequences, examples, options.Seed);
            return (model, rows, batch) => OneNegativeBinaryLoss(model, batch, negatives.Draw(rows, batch, device));
        });

    /// <summary>
    /// SASRec's loss: at every real position of <paramref name="batch"/>, −log σ(score of the film that came next)
    /// − log(1 − σ(score of the negative film at that position)), averaged over the real positions.
    /// <paramref name="negativeFilms"/> has the batch's shape; its padded positions are ignored.
    /// </summary>
    public static Tensor OneNegativeBinaryLoss(INextItemModel model, SequenceBatch batch, Tensor negativeFilms)
    {
        if (batch.Targets is null) throw new ArgumentException("The batch has no targets: make it with NextItemExamples.Batch or give SequenceBatch.Pad the targets.", nameof(batch));
        Tensor states = model.forward(batch.Items);
        Tensor scores = model.ScoreItems(states[batch.Mask]);                        // (real positions × films)
        Tensor positive = scores.gather(1, batch.Targets[batch.Mask].unsqueeze(1));
        Tensor negative = scores.gather(1, negativeFilms[batch.Mask].unsqueeze(1));
        // −log σ(x) = softplus(−x) and −log(1 − σ(x)) = softplus(x), without overflow for large scores.
        return nn.functional.softplus(-positive).mean() + nn.functional.softplus(negative).mean();
    }

    /// <summary>One negative film per position, uniform over the films a user never rated in training, from one seeded generator.</summary>
    sealed class NegativeFilms(UserSequences sequences, NextItemExamples examples, int seed)
    {
        readonly Random random = new(seed);
        readonly HashSet<int>[] rated = examples.Users.Select(u => sequences.TrainingItems(u).ToHashSet()).ToArray();

        /// <summary>A film per position of <paramref name="batch"/> (built from example <paramref name="rows"/>), as int64 of the batch's shape.</summary>
        public Tensor Draw(Tensor rows, SequenceBatch batch, Device? device)
        {
            long[] picked = rows.cpu().data<long>().ToArray();
            long length = batch.Items.shape[1];
            var films = new long[picked.Length * length];
            for (int row = 0; row < picked.Length; row++)
            {
                HashSet<int> seen = rated[picked[row]];
                if (seen.Count >= sequences.ItemCount) throw new InvalidOperationException($"User {examples.Users[picked[row]]} rated every film: there is no negative to draw.");
                for (long t = 0; t < length; t++)
                {
                    int film;
                    do film = random.Next(sequences.ItemCount); while (seen.Contains(film));
                    films[row * length + t] = film;
                }
            }
            return torch.tensor(films, new[] { (long)picked.Length, length }, device: device);
        }
    }
}
