using System.IO;
using RecSys.Sequences;
using RecSys.Training;
using TorchSharp;
using static TorchSharp.torch;

// Taught in notebooks/06-recurrent-sequences.ipynb (the cell marked "// @save" with this path): edit both together.
namespace RecSys.Models;

/// <summary>
/// One next-item training run: epochs, Adam's learning rate, users per batch, the longest input read
/// (<see cref="UserSequences.DefaultMaxLength"/> films by default) and the seed; validation NDCG@<see cref="TopK"/>
/// (full ranking) after each epoch, early stopping after <see cref="Patience"/> epochs without improvement.
/// </summary>
public sealed record NextItemOptions(int Epochs, double LearningRate, int BatchSize, int Seed,
    int MaxLength = UserSequences.DefaultMaxLength, int TopK = 10, int Patience = 3);

/// <summary>A trained next-item model and its per-epoch history.</summary>
public sealed record NextItemRun<TModel>(TModel Model, TrainingHistory History);

/// <summary>A batch's loss from the model, the batch's example rows and the batch built from them.</summary>
public delegate Tensor NextItemBatchLoss(INextItemModel model, Tensor rows, SequenceBatch batch);

/// <summary>
/// Trains any <see cref="INextItemModel"/> (GRU4Rec, its LSTM variant, SASRec) to predict the next film at every
/// position of the training sequences, with cross-entropy over all films: the softmax of a position's scores should
/// put its probability on the film that actually came next.
/// </summary>
public static class NextItemTraining
{
    /// <summary>
    /// Seeds torch with <see cref="NextItemOptions.Seed"/>, builds the model with <paramref name="createModel"/> (so its
    /// initial weights follow from the seed) and trains it on <paramref name="sequences"/>' training examples in
    /// minibatches of users. Each batch's loss is the mean cross-entropy over its real positions: padded positions are
    /// dropped before the output layer, so they reach neither the loss nor the gradients. After each epoch the
    /// validation films are ranked (<see cref="SequentialProtocols.FullRanking"/>); the best epoch's weights are kept.
    /// The history's loss per epoch is the mean of the batch losses weighted by the users in each batch.
    /// <paramref name="lossFor"/>, when given, makes another batch loss from the training examples (chapter 07's
    /// one-negative loss draws its negatives from them); the rest of the run stays the same.
    /// </summary>
    public static NextItemRun<TModel> Train<TModel>(Func<TModel> createModel, UserSequences sequences, NextItemOptions options,
        Device? device = null, TextWriter? log = null, Func<NextItemExamples, NextItemBatchLoss>? lossFor = null)
        where TModel : nn.Module<Tensor, Tensor>, INextItemModel
    {
        torch.random.manual_seed(options.Seed);
        TModel model = createModel();
        using var optimizer = optim.Adam(model.parameters(), lr: options.LearningRate);
        NextItemExamples examples = sequences.TrainingExamples(options.MaxLength);

        NextItemBatchLoss batchLoss = lossFor?.Invoke(examples) ?? ((m, _, batch) => Loss(m, batch));
        Tensor BatchLoss(Tensor rows) => batchLoss(model, rows, examples.Batch(rows, device));

        double ValidationNdcg()
        {
            var scorer = SequenceScorers.ForModel(model, sequences, SequenceStage.Validation, options.MaxLength, device);
            return SequentialProtocols.FullRanking("validation", scorer, sequences, SequenceStage.Validation, options.TopK)[$"ndcg@{options.TopK}"];
        }

        TrainingHistory history = TrainingLoop.Run(model, optimizer, new Minibatches(examples.Count, options.BatchSize, options.Seed), BatchLoss, options.Epochs,
            ValidationNdcg, validationMetric: $"validation NDCG@{options.TopK}",
            earlyStopping: new EarlyStopping(options.Patience, HigherIsBetter: true),
            log: log ?? TextWriter.Null);
        return new NextItemRun<TModel>(model, history);
    }

    /// <summary>
    /// The mean cross-entropy over the real positions of <paramref name="batch"/>: each position's scores over all
    /// films against the film that followed it. Padded positions are dropped before the output layer, so they reach
    /// neither the loss nor its gradient.
    /// </summary>
    public static Tensor Loss(INextItemModel model, SequenceBatch batch)
    {
        if (batch.Targets is null) throw new ArgumentException("The batch has no targets: make it with NextItemExamples.Batch or give SequenceBatch.Pad the targets.", nameof(batch));
        Tensor states = model.forward(batch.Items);
        Tensor scores = model.ScoreItems(states[batch.Mask]);          // (real positions × films)
        return nn.functional.cross_entropy(scores, batch.Targets[batch.Mask]);
    }
}
