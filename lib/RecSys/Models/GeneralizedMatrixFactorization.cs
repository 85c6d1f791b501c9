using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

// Taught in notebooks/03-neural-collaborative-filtering.ipynb (the cell marked "// @save" with this path): edit both together.
namespace RecSys.Models;

/// <summary>
/// GMF, the first NCF model (He et al. 2017): ŷ_ui = σ(hᵀ(p_u ⊙ q_i) + b). With h fixed to all ones and no bias it
/// is the plain dot product of matrix factorisation; learning h lets it weigh each factor. Returns the logit
/// (before σ): the loss applies σ itself, and ranking needs only the order.
/// </summary>
public sealed class GeneralizedMatrixFactorization : nn.Module<Tensor, Tensor, Tensor>
{
    public readonly Embedding UserFactors, ItemFactors;
    public readonly Linear Output;

    public GeneralizedMatrixFactorization(int userCount, int itemCount, int factors, double initStd = 0.01, Device? device = null)
        : base(nameof(GeneralizedMatrixFactorization))
    {
        Factors = factors;
        UserFactors = nn.Embedding(userCount, factors);
        ItemFactors = nn.Embedding(itemCount, factors);
        Output = nn.Linear(factors, 1);
        using (torch.no_grad())
        {
            nn.init.normal_(UserFactors.weight!, std: initStd);
            nn.init.normal_(ItemFactors.weight!, std: initStd);
        }
        RegisterComponents();
        if (device != null) this.to(device);
    }

    /// <summary>k, the length of p_u, q_i and their product.</summary>
    public int Factors { get; }

    /// <summary>p_u ⊙ q_i for each pair: the vector NeuMF joins with the MLP's last layer.</summary>
    public Tensor Features(Tensor users, Tensor items) => UserFactors.forward(users) * ItemFactors.forward(items);

    /// <summary>The logit hᵀ(p_u ⊙ q_i) + b for each pair (users[k], items[k]).</summary>
    public override Tensor forward(Tensor users, Tensor items) => Output.forward(Features(users, items)).squeeze(1);
}
