using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

// Taught in notebooks/06-recurrent-sequences.ipynb (the cell marked "// @save" with this path): edit both together.
namespace RecSys.Models;

/// <summary>
/// GRU4Rec (Hidasi et al. 2016): a GRU reads a user's films in order (the shared layers: <see cref="RecurrentNextItemModel"/>).
/// <para>
/// The paper trained on sessions with session-parallel minibatches and ranking losses over the other films of the
/// batch; this series trains on each user's most recent films with cross-entropy over all films at every position
/// (<see cref="NextItemTraining"/>), a loss the authors' later code also offers and the one RecBole trains it with:
/// ML-100K is small enough for a softmax over every film.
/// </para>
/// </summary>
public sealed class Gru4Rec : RecurrentNextItemModel
{
    public readonly GRU Gru;

    public Gru4Rec(int itemCount, int embeddingSize, int hiddenSize, double dropout = 0.2, Device? device = null)
        : base(nameof(Gru4Rec), itemCount, embeddingSize, hiddenSize, dropout)
    {
        Gru = nn.GRU(embeddingSize, hiddenSize, batchFirst: true);
        RegisterComponents();
        if (device != null) this.to(device);
    }

    /// <summary>The GRU's state after each film.</summary>
    protected override Tensor Recur(Tensor embeddedItems)
    {
        var (states, _) = Gru.forward(embeddedItems);
        return states;
    }
}
