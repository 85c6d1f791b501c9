using RecSys.Features;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

// Taught in notebooks/04-hybrid-side-features.ipynb (the cell marked "// @save" with this path): edit both together.
namespace RecSys.Models;

/// <summary>
/// One k-dimensional embedding per field: every feature position of a <see cref="FieldTable"/> has a vector
/// vⱼ in one shared table; a field's embedding is Σⱼ wⱼvⱼ over its slots — the value's vector for a one-hot field,
/// the mean of its values' vectors for a multi-hot field (the weights are 1/n). Output: examples × fields × k.
/// </summary>
public sealed class FieldEmbedding : nn.Module<Tensor, Tensor, Tensor>
{
    public readonly Embedding Vectors;
    readonly long[] slotFields;
    readonly int fieldCount;

    public FieldEmbedding(FieldTable table, int factors, double initStd = 0.01, Device? device = null) : base(nameof(FieldEmbedding))
    {
        Vectors = nn.Embedding(table.FeatureCount, factors);
        using (torch.no_grad()) nn.init.normal_(Vectors.weight!, std: initStd);
        slotFields = Array.ConvertAll(table.SlotFields(), f => (long)f);
        fieldCount = table.FieldCount;
        Factors = factors;
        RegisterComponents();
        if (device != null) this.to(device);
    }

    public int Factors { get; }

    public override Tensor forward(Tensor indices, Tensor weights)
    {
        Tensor weighted = Vectors.forward(indices) * weights.unsqueeze(-1);                    // examples × slots × k
        using Tensor fieldOfSlot = torch.tensor(slotFields, device: indices.device);
        Tensor pooled = torch.zeros(indices.shape[0], fieldCount, Factors, device: indices.device);
        return pooled.index_add(1, fieldOfSlot, weighted, 1);                                  // examples × fields × k
    }
}

/// <summary>
/// The first-order part every model here shares: w₀ + Σⱼ wⱼxⱼ, a bias plus one weight per feature value
/// (a multi-hot field's weights averaged). On its own, this is logistic regression. Output: one logit per example.
/// </summary>
public sealed class FieldLinear : nn.Module<Tensor, Tensor, Tensor>
{
    public readonly Embedding FeatureWeights;
    public readonly Parameter Bias;

    public FieldLinear(FieldTable table, Device? device = null) : base(nameof(FieldLinear))
    {
        FeatureWeights = nn.Embedding(table.FeatureCount, 1);
        using (torch.no_grad()) FeatureWeights.weight!.zero_();
        Bias = nn.Parameter(torch.zeros(1));
        RegisterComponents();
        if (device != null) this.to(device);
    }

    public override Tensor forward(Tensor indices, Tensor weights) =>
        Bias + (FeatureWeights.forward(indices).squeeze(-1) * weights).sum(1);
}
