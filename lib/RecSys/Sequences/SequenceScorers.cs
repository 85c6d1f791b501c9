using RecSys.Evaluation;
using TorchSharp;
using static TorchSharp.torch;

namespace RecSys.Sequences;

/// <summary>Turns a next-item model into scores over all films, for the protocols and for a reader's own sequences.</summary>
public static class SequenceScorers
{
    /// <summary>
    /// The scorer the protocols take, for one <paramref name="stage"/>: each user's input
    /// (<see cref="UserSequences.Input"/>, the most recent <paramref name="maxLength"/> films) is read by the model,
    /// and its state at the last film scores every film as the next one.
    /// </summary>
    public static Scorer ForModel<TModel>(TModel model, UserSequences sequences, SequenceStage stage, int maxLength = UserSequences.DefaultMaxLength, Device? device = null)
        where TModel : nn.Module, INextItemModel
    {
        CheckItemCount(model, sequences);
        return users => ScoreNext(model, users.Select(u => sequences.Input(u, stage, maxLength)).ToArray(), sequences.PaddingIndex, device);
    }

    /// <summary>
    /// Every film's score as the film after each sequence (sequences × films, row by row), e.g. to show what a model
    /// recommends after a few films a reader picks. Runs in eval() mode, without gradients, inside a dispose scope.
    /// </summary>
    public static float[] ScoreNext<TModel>(TModel model, IReadOnlyList<int[]> sequences, int paddingIndex, Device? device = null)
        where TModel : nn.Module, INextItemModel
    {
        device ??= model.parameters().FirstOrDefault()?.device ?? torch.CPU;
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        model.eval();
        SequenceBatch batch = SequenceBatch.Pad(sequences, null, paddingIndex, device);
        Tensor scores = model.ScoreItems(batch.AtLastPosition(model.forward(batch.Items)));
        return scores.cpu().data<float>().ToArray();
    }

    static void CheckItemCount(INextItemModel model, UserSequences sequences)
    {
        if (model.ItemCount != sequences.ItemCount)
            throw new ArgumentException($"The model scores {model.ItemCount} films but the sequences have {sequences.ItemCount}: build the model with the data set's ItemCount.", nameof(model));
    }
}
