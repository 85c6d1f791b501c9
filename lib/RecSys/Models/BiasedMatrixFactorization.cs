using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

// Taught in notebooks/02-collaborative-filtering.ipynb (the cell marked "// @save" with this path): edit both together.
namespace RecSys.Models;

/// <summary>
/// Biased matrix factorisation (Koren, Bell &amp; Volinsky 2009): r̂(u,i) = μ + b_u + b_i + p_u · q_i,
/// trained on the squared error plus <see cref="Penalty"/>.
/// </summary>
public sealed class BiasedMatrixFactorization : nn.Module<Tensor, Tensor, Tensor>
{
    public readonly Embedding UserFactors, ItemFactors, UserBias, ItemBias;
    readonly float globalMean;

    public BiasedMatrixFactorization(int userCount, int itemCount, int factors, float globalMean, double initStd = 0.05, Device? device = null)
        : base(nameof(BiasedMatrixFactorization))
    {
        UserFactors = nn.Embedding(userCount, factors);
        ItemFactors = nn.Embedding(itemCount, factors);
        UserBias = nn.Embedding(userCount, 1);
        ItemBias = nn.Embedding(itemCount, 1);
        this.globalMean = globalMean;
        using (torch.no_grad())
        {
            // Small random vectors, zero biases: the model starts as the global mean.
            nn.init.normal_(UserFactors.weight!, std: initStd);
            nn.init.normal_(ItemFactors.weight!, std: initStd);
            nn.init.zeros_(UserBias.weight!);
            nn.init.zeros_(ItemBias.weight!);
        }
        RegisterComponents();
        if (device != null) this.to(device);
    }

    /// <summary>r̂ = μ + b_u + b_i + p_u · q_i for each pair (users[k], items[k]) in the batch.</summary>
    public override Tensor forward(Tensor users, Tensor items) =>
        (UserFactors.forward(users) * ItemFactors.forward(items)).sum(1)
        + UserBias.forward(users).squeeze(1) + ItemBias.forward(items).squeeze(1) + globalMean;

    /// <summary>The predicted ratings clamped to the 1–5 star scale: what evaluation compares with the truth.</summary>
    public Tensor Predict(Tensor users, Tensor items) => forward(users, items).clamp(1, 5);

    /// <summary>λ(‖p_u‖² + ‖q_i‖²) + λ_b(b_u² + b_i²), summed over the batch.</summary>
    public Tensor Penalty(Tensor users, Tensor items, double lambda, double lambdaBias) =>
        lambda * (UserFactors.forward(users).pow(2).sum() + ItemFactors.forward(items).pow(2).sum())
        + lambdaBias * (UserBias.forward(users).pow(2).sum() + ItemBias.forward(items).pow(2).sum());
}
