using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

// Taught in notebooks/06-recurrent-sequences.ipynb (the cell marked "// @save" with this path): edit both together.
namespace RecSys.Models;

/// <summary>
/// GRU4Rec with an LSTM (Hochreiter &amp; Schmidhuber 1997) in place of the GRU. The LSTM keeps a separate cell state
/// behind three gates where the GRU has one state and two gates, so its recurrent layer has four weight blocks to
/// the GRU's three for the same sizes.
/// </summary>
public sealed class Lstm4Rec : RecurrentNextItemModel
{
    public readonly LSTM Lstm;

    public Lstm4Rec(int itemCount, int embeddingSize, int hiddenSize, double dropout = 0.2, Device? device = null)
        : base(nameof(Lstm4Rec), itemCount, embeddingSize, hiddenSize, dropout)
    {
        Lstm = nn.LSTM(embeddingSize, hiddenSize, batchFirst: true);
        RegisterComponents();
        if (device != null) this.to(device);
    }

    /// <summary>The LSTM's hidden state after each film (its cell state stays inside).</summary>
    protected override Tensor Recur(Tensor embeddedItems)
    {
        var (states, _, _) = Lstm.forward(embeddedItems);
        return states;
    }
}
