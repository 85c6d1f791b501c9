using static TorchSharp.torch;

namespace RecSys.Sequences;

/// <summary>
/// A model that reads a user's films in order and, at every position, scores every film as the one that comes
/// next: GRU4Rec and its LSTM variant (chapter 06), SASRec (chapter 07). The library trains any such model
/// (<c>RecSys.Models.NextItemTraining</c>) and turns it into a scorer for the protocols (<see cref="SequenceScorers"/>).
/// </summary>
public interface INextItemModel
{
    /// <summary>How many films the model scores: the output has this many columns.</summary>
    int ItemCount { get; }

    /// <summary>
    /// One state per position: films (batch × length, padded on the right, see <see cref="SequenceBatch"/>) →
    /// states (batch × length × size). The state at position t must depend only on the films at positions 0 … t,
    /// so padding after a row's last film never reaches a real position.
    /// </summary>
    Tensor forward(Tensor items);

    /// <summary>Every film's score as the next film: states (… × size) → scores (… × <see cref="ItemCount"/>).</summary>
    Tensor ScoreItems(Tensor states);
}
