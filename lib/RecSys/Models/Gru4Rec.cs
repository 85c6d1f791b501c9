using RecSys.Sequences;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

// Taught in notebooks/06-recurrent-sequences.ipynb (the cell marked "// @save" with this path): edit both together.
namespace RecSys.Models;

/// <summary>
/// GRU4Rec (Hidasi et al. 2016): each film an embedding, a GRU that reads a user's films in order, and at every
/// position a linear layer that scores every film as the next one. The embedding table has one extra row for the
/// padding index (<see cref="UserSequences.PaddingIndex"/>), kept at zero and never updated; the output layer
/// scores only real films, so padding can never be recommended.
/// <para>
/// The paper trained on sessions with session-parallel minibatches and ranking losses over the other films of the
/// batch; this series trains on each user's most recent films with cross-entropy over all films at every position
/// (<see cref="NextItemTraining"/>), a loss the authors' later code also offers and the one RecBole trains it with:
/// ML-100K is small enough for a softmax over every film.
/// </para>
/// </summary>
public sealed class Gru4Rec : nn.Module<Tensor, Tensor>, INextItemModel
{
    public readonly Embedding ItemEmbeddings;
    public readonly Dropout EmbeddingDropout;
    public readonly GRU Gru;
    public readonly Linear Output;

    public Gru4Rec(int itemCount, int embeddingSize, int hiddenSize, double dropout = 0.2, Device? device = null)
        : base(nameof(Gru4Rec))
    {
        ItemCount = itemCount;
        ItemEmbeddings = nn.Embedding(itemCount + 1, embeddingSize, padding_idx: itemCount);
        EmbeddingDropout = nn.Dropout(dropout);
        Gru = nn.GRU(embeddingSize, hiddenSize, batchFirst: true);
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

    /// <summary>Films (batch × length, padded on the right) → the GRU's state after each film (batch × length × hidden).</summary>
    public override Tensor forward(Tensor items)
    {
        Tensor embedded = EmbeddingDropout.forward(ItemEmbeddings.forward(items));
        var (states, _) = Gru.forward(embedded);
        return states;
    }

    /// <summary>Every film's score as the next one: states (… × hidden) → (… × films).</summary>
    public Tensor ScoreItems(Tensor states) => Output.forward(states);
}
