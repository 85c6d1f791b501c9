using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

// Taught in notebooks/03-neural-collaborative-filtering.ipynb (the cell marked "// @save" with this path): edit both together.
namespace RecSys.Models;

/// <summary>
/// The MLP of NCF (He et al. 2017): z₀ = [p_u ; q_i], then a⁽ˡ⁾ = ReLU(W⁽ˡ⁾a⁽ˡ⁻¹⁾ + b⁽ˡ⁾) for each hidden layer
/// and a linear output. <c>layers</c> lists the hidden sizes, e.g. [64, 32, 16]: the first is the length of the
/// concatenation, so each embedding has half of it. Returns one number per pair: a logit for implicit feedback
/// (binary cross-entropy), a rating when trained with the squared error.
/// </summary>
public sealed class NcfMlp : nn.Module<Tensor, Tensor, Tensor>
{
    public readonly Embedding UserEmbedding, ItemEmbedding;
    public readonly Sequential Hidden;
    public readonly Linear Output;

    public NcfMlp(int userCount, int itemCount, int[] layers, double dropout = 0, double initStd = 0.01, Device? device = null)
        : base(nameof(NcfMlp))
    {
        if (layers.Length == 0 || layers[0] % 2 != 0)
            throw new ArgumentException($"The first layer size must be even (half for the user, half for the item); got [{string.Join(", ", layers)}].", nameof(layers));
        Layers = layers.ToArray();
        UserEmbedding = nn.Embedding(userCount, layers[0] / 2);
        ItemEmbedding = nn.Embedding(itemCount, layers[0] / 2);
        var hidden = new List<(string, nn.Module<Tensor, Tensor>)>();
        for (int l = 1; l < layers.Length; l++)
        {
            hidden.Add(($"linear{l}", nn.Linear(layers[l - 1], layers[l])));
            hidden.Add(($"relu{l}", nn.ReLU()));
            if (dropout > 0) hidden.Add(($"dropout{l}", nn.Dropout(dropout)));
        }
        Hidden = nn.Sequential(hidden);
        Output = nn.Linear(layers[^1], 1);
        using (torch.no_grad())
        {
            nn.init.normal_(UserEmbedding.weight!, std: initStd);
            nn.init.normal_(ItemEmbedding.weight!, std: initStd);
        }
        RegisterComponents();
        if (device != null) this.to(device);
    }

    /// <summary>The layer sizes this tower was built with; the last one is the size of <see cref="Features"/>.</summary>
    public IReadOnlyList<int> Layers { get; }

    /// <summary>The last hidden layer's output for each pair: the vector NeuMF joins with GMF's.</summary>
    public Tensor Features(Tensor users, Tensor items) =>
        Hidden.forward(torch.cat(new[] { UserEmbedding.forward(users), ItemEmbedding.forward(items) }, 1));

    /// <summary>One number per pair (users[k], items[k]): the output layer applied to <see cref="Features"/>.</summary>
    public override Tensor forward(Tensor users, Tensor items) => Output.forward(Features(users, items)).squeeze(1);
}
