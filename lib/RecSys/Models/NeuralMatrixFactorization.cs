using RecSys.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

// Taught in notebooks/03-neural-collaborative-filtering.ipynb (the cell marked "// @save" with this path): edit both together.
namespace RecSys.Models;

/// <summary>
/// NeuMF (He et al. 2017): a GMF and an MLP side by side, each with its own embeddings, their last layers joined:
/// ŷ_ui = σ(hᵀ[p_u ⊙ q_i ; a⁽ᴸ⁾] + b). Built untrained, or from a trained GMF and MLP (<see cref="FromPretrained"/>).
/// Only the towers' <c>Features</c> are used: their own output layers stay in the module (and in a saved state),
/// unused, so that a pre-trained GMF or MLP loads into it unchanged.
/// </summary>
public sealed class NeuralMatrixFactorization : nn.Module<Tensor, Tensor, Tensor>
{
    public readonly GeneralizedMatrixFactorization Gmf;
    public readonly NcfMlp Mlp;
    public readonly Linear Output;

    /// <summary>A NeuMF with fresh weights: GMF with <paramref name="factors"/>, an MLP with <paramref name="layers"/>.</summary>
    public NeuralMatrixFactorization(int userCount, int itemCount, int factors, int[] layers, Device? device = null)
        : this(new GeneralizedMatrixFactorization(userCount, itemCount, factors), new NcfMlp(userCount, itemCount, layers), device) { }

    NeuralMatrixFactorization(GeneralizedMatrixFactorization gmf, NcfMlp mlp, Device? device) : base(nameof(NeuralMatrixFactorization))
    {
        Gmf = gmf;
        Mlp = mlp;
        Output = nn.Linear(gmf.Factors + mlp.Layers[^1], 1);
        RegisterComponents();
        if (device != null) this.to(device);
    }

    /// <summary>
    /// NeuMF initialised from a trained GMF and MLP, as in the paper: both towers start from copies of their weights,
    /// and the output layer from both output layers, weighted α and 1 − α: h = [α·h_GMF ; (1 − α)·h_MLP],
    /// b = α·b_GMF + (1 − α)·b_MLP. At the start it scores α·GMF + (1 − α)·MLP. The trained models are not changed.
    /// </summary>
    public static NeuralMatrixFactorization FromPretrained(GeneralizedMatrixFactorization gmf, NcfMlp mlp, double alpha = 0.5, Device? device = null)
    {
        int userCount = (int)gmf.UserFactors.weight!.shape[0], itemCount = (int)gmf.ItemFactors.weight!.shape[0];
        var gmfCopy = new GeneralizedMatrixFactorization(userCount, itemCount, gmf.Factors);
        var mlpCopy = new NcfMlp(userCount, itemCount, mlp.Layers.ToArray());
        using (var weights = ModelWeights.Copy(gmf)) weights.RestoreInto(gmfCopy);
        using (var weights = ModelWeights.Copy(mlp)) weights.RestoreInto(mlpCopy);
        var model = new NeuralMatrixFactorization(gmfCopy, mlpCopy, device);
        using (torch.no_grad())
        {
            Tensor h = torch.cat(new[] { alpha * gmf.Output.weight!, (1 - alpha) * mlp.Output.weight! }, 1);
            model.Output.weight!.copy_(h);
            model.Output.bias!.copy_(alpha * gmf.Output.bias! + (1 - alpha) * mlp.Output.bias!);
        }
        return model;
    }

    /// <summary>The logit hᵀ[p_u ⊙ q_i ; a⁽ᴸ⁾] + b for each pair (users[k], items[k]).</summary>
    public override Tensor forward(Tensor users, Tensor items) =>
        Output.forward(torch.cat(new[] { Gmf.Features(users, items), Mlp.Features(users, items) }, 1)).squeeze(1);
}
