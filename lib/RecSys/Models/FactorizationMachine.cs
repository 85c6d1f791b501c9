using RecSys.Features;
using TorchSharp;
using static TorchSharp.torch;

// Taught in notebooks/04-hybrid-side-features.ipynb (the cell marked "// @save" with this path): edit both together.
namespace RecSys.Models;

/// <summary>
/// A factorization machine (Rendle 2010) over fields: logit = w₀ + Σⱼ wⱼxⱼ + Σ_{f&lt;g} ⟨e_f, e_g⟩, where e_f is
/// field f's embedding. Every pair of fields interacts through a dot product of k-dimensional vectors, so pairs never
/// seen together in training still get a score.
/// </summary>
public sealed class FactorizationMachine : nn.Module<Tensor, Tensor, Tensor>
{
    public readonly FieldLinear Linear;
    public readonly FieldEmbedding Embedding;

    public FactorizationMachine(FieldTable table, int factors, double initStd = 0.01, Device? device = null) : base(nameof(FactorizationMachine))
    {
        Linear = new FieldLinear(table);
        Embedding = new FieldEmbedding(table, factors, initStd);
        RegisterComponents();
        if (device != null) this.to(device);
    }

    public override Tensor forward(Tensor indices, Tensor weights) =>
        Linear.forward(indices, weights) + PairwiseInteractions(Embedding.forward(indices, weights));

    /// <summary>
    /// Σ_{f&lt;g} ⟨e_f, e_g⟩ for each example, in O(k·F) instead of O(k·F²): ½ Σ_d [(Σ_f e_{f,d})² − Σ_f e_{f,d}²].
    /// <paramref name="fieldEmbeddings"/> is examples × fields × k; the result has one number per example.
    /// </summary>
    public static Tensor PairwiseInteractions(Tensor fieldEmbeddings)
    {
        Tensor squareOfSum = fieldEmbeddings.sum(1).square();    // examples × k
        Tensor sumOfSquares = fieldEmbeddings.square().sum(1);   // examples × k
        return 0.5 * (squareOfSum - sumOfSquares).sum(1);
    }

    /// <summary>The same sum by its definition, pair by pair: O(k·F²), for checking the identity.</summary>
    public static Tensor PairwiseInteractionsNaive(Tensor fieldEmbeddings)
    {
        long fields = fieldEmbeddings.shape[1];
        Tensor total = torch.zeros(fieldEmbeddings.shape[0], dtype: fieldEmbeddings.dtype, device: fieldEmbeddings.device);
        for (long f = 0; f < fields; f++)
            for (long g = f + 1; g < fields; g++)
                total = total + (fieldEmbeddings[.., f] * fieldEmbeddings[.., g]).sum(1);
        return total;
    }
}
