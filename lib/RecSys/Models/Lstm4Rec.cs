using RecSys.Sequences;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

// Taught in notebooks/06-recurrent-sequences.ipynb (the cell marked "// @save" with this path): edit both together.
namespace RecSys.Models;

/// <summary>
/// GRU4Rec with an LSTM (Hochreiter &amp; Schmidhuber 1997) in place of the GRU: each film an embedding, an LSTM
/// that reads a user's films in order, and at every position a linear layer that scores every film as the next one.
/// The LSTM keeps a separate cell state behind three gates where the GRU has one state and two gates, so its
/// recurrent layer has four weight blocks to the GRU's three for the same sizes. Padding is handled as in <see cref="Gru4Rec"/>.
/// </summary>
public sealed class Lstm4Rec : nn.Module<Tensor, Tensor>, INextItemModel
{
    public readonly Embedding ItemEmbeddings;
    public readonly Dropout EmbeddingDropout;
    public readonly LSTM Lstm;
    public readonly Linear Output;

    public Lstm4Rec(int itemCount, int embeddingSize, int hiddenSize, double dropout = 0.2, Device? device = null)
        : base(nameof(Lstm4Rec))
    {
        ItemCount = itemCount;
        ItemEmbeddings = nn.Embedding(itemCount + 1, embeddingSize, padding_idx: itemCount);
        EmbeddingDropout = nn.Dropout(dropout);
        Lstm = nn.LSTM(embeddingSize, hiddenSize, batchFirst: true);
        Output = nn.Linear(hiddenSize, itemCount);
        using (torch.no_grad())
        {
            nn.init.xavier_normal_(ItemEmbeddings.weight!);
            ItemEmbeddings.weight![itemCount].zero_();
        }
        RegisterComponents();
        if (device != null) this.to(device);
    }

    public int ItemCount { get; }

    /// <summary>Films (batch × length, padded on the right) → the LSTM's hidden state after each film (batch × length × hidden).</summary>
    public override Tensor forward(Tensor items)
    {
        Tensor embedded = EmbeddingDropout.forward(ItemEmbeddings.forward(items));
        var (states, _, _) = Lstm.forward(embedded);
        return states;
    }

    /// <summary>Every film's score as the next one: states (… × hidden) → (… × films).</summary>
    public Tensor ScoreItems(Tensor states) => Output.forward(states);
}
