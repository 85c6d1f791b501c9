using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

// Taught in notebooks/07-self-attention-sequences.ipynb (the cell marked "// @save" with this path): edit both together.
namespace RecSys.Models;

/// <summary>
/// Multi-head causal self-attention, written on the functional API: each position's query is compared with the key
/// of every position up to its own (never a later one), and its output is the softmax-weighted mean of their values.
/// <para>
/// Written out instead of <c>nn.MultiheadAttention</c> because in TorchSharp 0.107 a boolean <c>attn_mask</c> is
/// added to the scores as +1.0 instead of masking them (a causal boolean mask lets position 0 see the future), and
/// because the chapter's explanations need the weights of every position, per sequence. The mask here is a float
/// matrix of 0 (may attend) and −∞ (may not) added to the scores before the softmax.
/// </para>
/// </summary>
public sealed class CausalSelfAttention : nn.Module<Tensor, Tensor, (Tensor Output, Tensor Weights)>
{
    public readonly Linear Queries, Keys, Values, Output;
    readonly int heads;

    public CausalSelfAttention(int size, int heads) : base(nameof(CausalSelfAttention))
    {
        if (heads <= 0 || size % heads != 0)
            throw new ArgumentException($"The size {size} must split evenly into {heads} heads: choose a number of heads that divides it.", nameof(heads));
        this.heads = heads;
        Queries = nn.Linear(size, size);
        Keys = nn.Linear(size, size);
        Values = nn.Linear(size, size);
        Output = nn.Linear(size, size);
        RegisterComponents();
    }

    /// <summary>
    /// The causal mask for <paramref name="length"/> positions: 0 on and below the diagonal (position t may attend to
    /// 0 … t), −∞ above it. Added to the scores, −∞ becomes a weight of exactly 0 after the softmax.
    /// </summary>
    public static Tensor CausalMask(long length, Device? device = null) =>
        torch.full(new[] { length, length }, float.NegativeInfinity, device: device).triu(1);

    /// <summary>
    /// Scaled dot-product attention: softmax(Q Kᵀ / √d + mask) V over the last two dimensions
    /// (… × positions × d). Returns the outputs and the weights (… × positions × positions, each row sums to 1).
    /// </summary>
    public static (Tensor Output, Tensor Weights) ScaledDotProduct(Tensor queries, Tensor keys, Tensor values, Tensor mask)
    {
        Tensor scores = queries.matmul(keys.transpose(-2, -1)) / Math.Sqrt(queries.shape[^1]) + mask;
        Tensor weights = nn.functional.softmax(scores, -1);
        return (weights.matmul(values), weights);
    }

    /// <summary>
    /// States (batch × length × size) and a float mask (length × length) → new states (batch × length × size) and
    /// the attention weights averaged over the heads (batch × length × length).
    /// </summary>
    public override (Tensor Output, Tensor Weights) forward(Tensor states, Tensor mask)
    {
        long batch = states.shape[0], length = states.shape[1], size = states.shape[2];
        // (batch × length × size) → (batch × heads × length × size/heads): each head attends in its own subspace.
        Tensor Split(Tensor x) => x.view(batch, length, heads, size / heads).transpose(1, 2);
        var (perHead, weights) = ScaledDotProduct(Split(Queries.forward(states)), Split(Keys.forward(states)), Split(Values.forward(states)), mask);
        Tensor merged = perHead.transpose(1, 2).reshape(batch, length, size);
        return (Output.forward(merged), weights.mean(new long[] { 1 }));
    }
}
