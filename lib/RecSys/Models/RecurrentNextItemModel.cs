using RecSys.Sequences;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

// Taught in notebooks/06-recurrent-sequences.ipynb (the cell marked "// @save" with this path): edit both together.
namespace RecSys.Models;

/// <summary>
/// What GRU4Rec and its LSTM variant share: each film an embedding, a recurrent layer that reads a user's films in
/// order (<see cref="Recur"/>, the only part the two differ in), and at every position a linear layer that scores
/// every film as the next one. The embedding table has one extra row for the padding index
/// (<see cref="UserSequences.PaddingIndex"/>), kept at zero and never updated; the output layer scores only real
/// films, so padding can never be recommended.
/// </summary>
public abstract class RecurrentNextItemModel : nn.Module<Tensor, Tensor>, INextItemModel
{
    public readonly Embedding ItemEmbeddings;
    public readonly Dropout EmbeddingDropout;
    public readonly Linear Output;

    /// <summary>
    /// Builds the shared layers. The subclass then builds its recurrent layer and calls RegisterComponents(), once
    /// every layer exists.
    /// </summary>
    protected RecurrentNextItemModel(string name, int itemCount, int embeddingSize, int hiddenSize, double dropout) : base(name)
    {
        ItemCount = itemCount;
        ItemEmbeddings = nn.Embedding(itemCount + 1, embeddingSize, padding_idx: itemCount);
        EmbeddingDropout = nn.Dropout(dropout);
        Output = nn.Linear(hiddenSize, itemCount);
        using (torch.no_grad())
        {
            nn.init.xavier_normal_(ItemEmbeddings.weight!);
            ItemEmbeddings.weight![itemCount].zero_();
        }
    }

    public int ItemCount { get; }

    /// <summary>The recurrent layer: embedded films (batch × length × embedding) → its state after each (batch × length × hidden).</summary>
    protected abstract Tensor Recur(Tensor embeddedItems);

    /// <summary>Films (batch × length, padded on the right) → the state after each film (batch × length × hidden).</summary>
    public override Tensor forward(Tensor items) => Recur(EmbeddingDropout.forward(ItemEmbeddings.forward(items)));

    /// <summary>Every film's score as the next one: states (… × hidden) → (… × films).</summary>
    public Tensor ScoreItems(Tensor states) => Output.forward(states);
}
