using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

// Taught in notebooks/07-self-attention-sequences.ipynb (the cell marked "// @save" with this path): edit both together.
namespace RecSys.Models;

/// <summary>
/// One SASRec block: causal self-attention, then a point-wise feed-forward network (the same two layers at every
/// position), each with layer normalisation before it, dropout after it and a residual connection around it
/// ("pre-norm", as SASRec's code normalises the attention's input; TorchSharp's <c>TransformerEncoderLayer</c> is
/// post-norm only).
/// </summary>
public sealed class SelfAttentionBlock : nn.Module<Tensor, Tensor, (Tensor Output, Tensor Weights)>
{
    public readonly LayerNorm AttentionNorm, FeedForwardNorm;
    public readonly CausalSelfAttention Attention;
    public readonly Linear FeedForwardIn, FeedForwardOut;
    public readonly Dropout Dropout;

    public SelfAttentionBlock(int size, int heads, double dropout) : base(nameof(SelfAttentionBlock))
    {
        AttentionNorm = nn.LayerNorm(size);
        Attention = new CausalSelfAttention(size, heads);
        FeedForwardNorm = nn.LayerNorm(size);
        FeedForwardIn = nn.Linear(size, size);
        FeedForwardOut = nn.Linear(size, size);
        Dropout = nn.Dropout(dropout);
        RegisterComponents();
    }

    /// <summary>States (batch × length × size), causal mask → new states and the attention weights (batch × length × length).</summary>
    public override (Tensor Output, Tensor Weights) forward(Tensor states, Tensor mask)
    {
        var (attended, weights) = Attention.forward(AttentionNorm.forward(states), mask);
        states = states + Dropout.forward(attended);
        Tensor hidden = Dropout.forward(nn.functional.relu(FeedForwardIn.forward(FeedForwardNorm.forward(states))));
        states = states + Dropout.forward(FeedForwardOut.forward(hidden));
        return (states, weights);
    }
}
