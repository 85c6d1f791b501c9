using RecSys.Data;
using TorchSharp;
using static TorchSharp.torch;

// Taught in notebooks/03-neural-collaborative-filtering.ipynb (the cell marked "// @save" with this path): edit both together.
namespace RecSys.Models;

/// <summary>
/// EASE (Steck 2019, "Embarrassingly Shallow Autoencoders"): an item-to-item linear model ŝ_u = x_u B, where x_u is
/// the user's 0/1 row of interactions and B (items × items) has a zero diagonal, so no film recommends itself.
/// Minimising ‖X − XB‖² + λ‖B‖² under that constraint has a closed form: with P = (XᵀX + λI)⁻¹,
/// B = I − P·diagMat(1 / diag(P)), that is B_ij = −P_ij / P_jj off the diagonal. One matrix inverse, no training loop.
/// </summary>
public sealed class Ease : IDisposable
{
    readonly Tensor interactions;   // X, users × items, 0/1

    Ease(Tensor interactions, Tensor itemWeights)
    {
        this.interactions = interactions;
        ItemWeights = itemWeights;
    }

    /// <summary>B, the learned (items × items) weights: how much having film i adds to the score of film j.</summary>
    public Tensor ItemWeights { get; }

    /// <summary>Solves for B on <paramref name="train"/> (every rating counts as an interaction) with L2 weight λ.</summary>
    public static Ease Fit(IReadOnlyList<Rating> train, int userCount, int itemCount, double lambda, Device? device = null)
    {
        if (train.Count == 0) throw new ArgumentException("The training part is empty: there is nothing to learn from.", nameof(train));
        if (lambda <= 0) throw new ArgumentOutOfRangeException(nameof(lambda), lambda, "λ must be positive: it keeps XᵀX + λI invertible.");
        using var scope = torch.NewDisposeScope();
        RatingTensors pairs = RatingTensors.From(train, device);
        Tensor x = pairs.Dense(torch.ones_like(pairs.Stars), userCount, itemCount);
        // In float64: the inverse of a 1,682 × 1,682 matrix loses digits in float32.
        Tensor gram = x.t().mm(x).to(float64) + lambda * torch.eye(itemCount, dtype: float64, device: x.device);
        Tensor p = torch.linalg.inv(gram);
        Tensor b = -p / p.diagonal().unsqueeze(0);   // column j divided by P_jj
        b.diagonal().zero_();                         // B_jj = 1 − P_jj / P_jj = 0: writes through the diagonal view
        return new Ease(x.MoveToOuterDisposeScope(), b.to(float32).MoveToOuterDisposeScope());
    }

    /// <summary>Every film's score for each user in the batch: the users' rows of X times B.</summary>
    public Tensor ScoreAll(Tensor users) => interactions[users].mm(ItemWeights);

    public void Dispose()
    {
        interactions.Dispose();
        ItemWeights.Dispose();
    }
}
