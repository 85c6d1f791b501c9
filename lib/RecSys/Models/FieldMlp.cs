using RecSys.Features;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

// Taught in notebooks/04-hybrid-side-features.ipynb (the cell marked "// @save" with this path): edit both together.
namespace RecSys.Models;

/// <summary>
/// The deep part of Wide &amp; Deep and DeepFM: the field embeddings concatenated, [e₁ ; … ; e_F], then
/// ReLU layers of the given sizes (with dropout) and a linear output. One logit per example.
/// </summary>
public sealed class DeepTower : nn.Module<Tensor, Tensor>
{
    public readonly Sequential Hidden;
    public readonly Linear Output;

    public DeepTower(int inputSize, int[] hiddenSizes, double dropout, Device? device = null) : base(nameof(DeepTower))
    {
        if (hiddenSizes.Length == 0 || hiddenSizes.Any(h => h <= 0))
            throw new ArgumentException($"The deep part needs one or more positive layer sizes, e.g. [64, 32]; got [{string.Join(", ", hiddenSizes)}].", nameof(hiddenSizes));
        var layers = new List<(string, nn.Module<Tensor, Tensor>)>();
        int previous = inputSize;
        for (int l = 0; l < hiddenSizes.Length; l++)
        {
            layers.Add(($"linear{l + 1}", nn.Linear(previous, hiddenSizes[l])));
            layers.Add(($"relu{l + 1}", nn.ReLU()));
            if (dropout > 0) layers.Add(($"dropout{l + 1}", nn.Dropout(dropout)));
            previous = hiddenSizes[l];
        }
        Hidden = nn.Sequential(layers);
        Output = nn.Linear(previous, 1);
        RegisterComponents();
        if (device != null) this.to(device);
    }

    /// <summary><paramref name="fieldEmbeddings"/>: examples × fields × k; returns one logit per example.</summary>
    public override Tensor forward(Tensor fieldEmbeddings) =>
        Output.forward(Hidden.forward(fieldEmbeddings.flatten(1))).squeeze(1);
}

/// <summary>
/// An MLP over the field embeddings and nothing else: no first-order weights, no factorization machine. On the
/// two id fields alone it is this chapter's control, a model that knows no side features (like chapter 03's NCF MLP).
/// </summary>
public sealed class FieldMlp : nn.Module<Tensor, Tensor, Tensor>
{
    public readonly FieldEmbedding Embedding;
    public readonly DeepTower Deep;

    public FieldMlp(FieldTable table, int factors, int[] hiddenSizes, double dropout = 0, double initStd = 0.01, Device? device = null) : base(nameof(FieldMlp))
    {
        Embedding = new FieldEmbedding(table, factors, initStd);
        Deep = new DeepTower(table.FieldCount * factors, hiddenSizes, dropout);
        RegisterComponents();
        if (device != null) this.to(device);
    }

    public override Tensor forward(Tensor indices, Tensor weights) => Deep.forward(Embedding.forward(indices, weights));
}
