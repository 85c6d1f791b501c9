using RecSys.Features;
using TorchSharp;
using static TorchSharp.torch;

// Taught in notebooks/04-hybrid-side-features.ipynb (the cell marked "// @save" with this path): edit both together.
namespace RecSys.Models;

/// <summary>
/// DeepFM (Guo et al. 2017): logit = first-order + FM pairwise interactions + deep MLP, where the FM and the MLP
/// read the same field embeddings. Unlike Wide &amp; Deep it needs no hand-made crosses: the FM supplies the
/// pairwise ones, the MLP the higher-order ones.
/// </summary>
public sealed class DeepFM : nn.Module<Tensor, Tensor, Tensor>
{
    public readonly FieldLinear Linear;
    public readonly FieldEmbedding Embedding;
    public readonly DeepTower Deep;

    public DeepFM(FieldTable table, int factors, int[] hiddenSizes, double dropout = 0, double initStd = 0.01, Device? device = null) : base(nameof(DeepFM))
    {
        Linear = new FieldLinear(table);
        Embedding = new FieldEmbedding(table, factors, initStd);
        Deep = new DeepTower(table.FieldCount * factors, hiddenSizes, dropout);
        RegisterComponents();
        if (device != null) this.to(device);
    }

    public override Tensor forward(Tensor indices, Tensor weights)
    {
        Tensor fields = Embedding.forward(indices, weights);
        return Linear.forward(indices, weights) + FactorizationMachine.PairwiseInteractions(fields) + Deep.forward(fields);
    }
}
