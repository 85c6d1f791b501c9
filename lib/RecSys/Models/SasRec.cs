using RecSys.Sequences;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

// Taught in notebooks/07-self-attention-sequences.ipynb (the cell marked "// @save" with this path): edit both together.
namespace RecSys.Models;

/// <summary>
/// SASRec (Kang &amp; McAuley 2018): each film an embedding plus a learned embedding of its position, a stack of
/// causal self-attention blocks (<see cref="SelfAttentionBlock"/>), a final layer norm, and every film's score as the
/// next one = the dot product of the state with that film's embedding (the same table as the input: shared weights).
/// <para>
/// Sequences are padded on the right (<see cref="SequenceBatch"/>): with the causal mask a real position only ever
/// sees real films before it, and position 0 — always a real film — can attend to itself, so no row of weights is
/// empty. Positions count from the first film of the input window, so the model reads at most
/// <see cref="MaxLength"/> films.
/// </para>
/// </summary>
public sealed class SasRec : nn.Module<Tensor, Tensor>, INextItemModel
{
    public readonly Embedding ItemEmbeddings, PositionEmbeddings;
    public readonly Dropout EmbeddingDropout;
    public readonly ModuleList<SelfAttentionBlock> Blocks;
    public readonly LayerNorm FinalNorm;
    readonly double embeddingScale;

    public SasRec(int itemCount, int size, int maxLength, int blocks = 2, int heads = 1, double dropout = 0.2, Device? device = null) : base(nameof(SasRec))
    {
        ItemCount = itemCount;
        MaxLength = maxLength;
        embeddingScale = Math.Sqrt(size);
        ItemEmbeddings = nn.Embedding(itemCount + 1, size, padding_idx: itemCount);
        PositionEmbeddings = nn.Embedding(maxLength, size);
        EmbeddingDropout = nn.Dropout(dropout);
        // A List<SelfAttentionBlock> field would not be registered (its weights would neither train nor save): ModuleList is.
        Blocks = nn.ModuleList(Enumerable.Range(0, blocks).Select(_ => new SelfAttentionBlock(size, heads, dropout)).ToArray());
        FinalNorm = nn.LayerNorm(size);
        using (torch.no_grad())
        {
            nn.init.xavier_normal_(ItemEmbeddings.weight!);
            nn.init.xavier_normal_(PositionEmbeddings.weight!);
            ItemEmbeddings.weight![itemCount].zero_();
        }
        RegisterComponents();
        if (device != null) this.to(device);
    }

    public int ItemCount { get; }

    /// <summary>The most films the model reads: one learned position embedding each.</summary>
    public int MaxLength { get; }

    /// <summary>Films (batch × length, padded on the right) → the state after each film (batch × length × size).</summary>
    public override Tensor forward(Tensor items) => Encode(items).States;

    /// <summary>
    /// The states after each film and every block's attention weights, averaged over its heads
    /// (batch × length × length each; row t holds how much position t attends to positions 0 … t).
    /// </summary>
    public (Tensor States, Tensor[] Attention) Encode(Tensor items)
    {
        long length = items.shape[1];
        if (length > MaxLength)
            throw new ArgumentException($"The input has {length} positions but the model has position embeddings for {MaxLength}: cut inputs to the most recent {MaxLength} films (UserSequences.Input's maxLength).", nameof(items));
        Tensor positions = torch.arange(length, dtype: ScalarType.Int64, device: items.device);
        Tensor states = ItemEmbeddings.forward(items) * embeddingScale + PositionEmbeddings.forward(positions);
        states = EmbeddingDropout.forward(states);
        Tensor mask = CausalSelfAttention.CausalMask(length, items.device);
        var attention = new Tensor[Blocks.Count];
        for (int b = 0; b < Blocks.Count; b++)
            (states, attention[b]) = Blocks[b].forward(states, mask);
        return (FinalNorm.forward(states), attention);
    }

    /// <summary>Every film's score as the next one: the state's dot product with each film's embedding, (… × size) → (… × films).</summary>
    public Tensor ScoreItems(Tensor states) => states.matmul(ItemEmbeddings.weight!.narrow(0, 0, ItemCount).t());
}
