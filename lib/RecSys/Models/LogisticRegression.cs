using RecSys.Features;
using TorchSharp;
using static TorchSharp.torch;

// Taught in notebooks/04-hybrid-side-features.ipynb (the cell marked "// @save" with this path): edit both together.
namespace RecSys.Models;

/// <summary>
/// Logistic regression over the fields: logit = w₀ + Σⱼ wⱼxⱼ. Each feature value adds its own weight; no two
/// features interact, so it learns "this user likes films" and "this film is liked", never "this user likes this film".
/// </summary>
public sealed class LogisticRegression : nn.Module<Tensor, Tensor, Tensor>
{
    public readonly FieldLinear Linear;

    public LogisticRegression(FieldTable table, Device? device = null) : base(nameof(LogisticRegression))
    {
        Linear = new FieldLinear(table);
        RegisterComponents();
        if (device != null) this.to(device);
    }

    /// <summary>One logit per example, from its feature positions and weights (examples × slots each).</summary>
    public override Tensor forward(Tensor indices, Tensor weights) => Linear.forward(indices, weights);
}
