using RecSys.Features;
using TorchSharp;
using static TorchSharp.torch;

// Taught in notebooks/04-hybrid-side-features.ipynb (the cell marked "// @save" with this path): edit both together.
namespace RecSys.Models;

/// <summary>
/// Wide &amp; Deep (Cheng et al. 2016): logit = wide + deep, trained jointly. The wide part is logistic regression
/// on the raw features (it memorises); the deep part an MLP over the field embeddings (it generalises). The paper's
/// wide part also takes hand-made cross-product features; here, as in RecBole, it takes the fields alone.
/// </summary>
public sealed class WideAndDeep : nn.Module<Tensor, Tensor, Tensor>
{
    public readonly FieldLinear Wide;
    public readonly FieldEmbedding Embedding;
    public readonly DeepTower Deep;

    public WideAndDeep(FieldTable table, int factors, int[] hiddenSizes, double dropout = 0, double initStd = 0.01, Device? device = null) : base(nameof(WideAndDeep))
    {
        Wide = new FieldLinear(table);
        Embedding = new FieldEmbedding(table, factors, initStd);
        Deep = new DeepTower(table.FieldCount * factors, hiddenSizes, dropout);
        RegisterComponents();
        if (device != null) this.to(device);
    }

    public override Tensor forward(Tensor indices, Tensor weights) =>
        Wide.forward(indices, weights) + Deep.forward(Embedding.forward(indices, weights));
}
