using RecSys.Data;
using RecSys.Evaluation;
using TorchSharp;
using static TorchSharp.torch;

// Taught in notebooks/02-collaborative-filtering.ipynb (the cell marked "// @save" with this path): edit both together.
namespace RecSys.Models;

/// <summary>
/// Item-based top-K ranking from implicit feedback (Deshpande &amp; Karypis 2004): ŝ(u, i) = Σ_{j∈I(u)} s⁽ᵏ⁾_ji, the
/// sum of film i's similarities to the films u has, where each film keeps only its k most similar films
/// (<see cref="ColumnSimilarities.ImplicitCosine"/>, shrunk). In matrix form Ŝ = X S⁽ᵏ⁾ with X the 0/1 matrix.
/// </summary>
public static class ItemKnnRanker
{
    public static Scorer Fit(IReadOnlyList<Rating> train, int userCount, int itemCount, int neighbours, double shrinkage, Device? device = null)
    {
        if (neighbours <= 0 || neighbours > itemCount)
            throw new ArgumentOutOfRangeException(nameof(neighbours), neighbours, $"k must be between 1 and the number of films, {itemCount}.");
        Tensor scores;
        using (torch.NewDisposeScope())
        using (torch.no_grad())
        {
            RatingTensors ratings = RatingTensors.From(train, device);
            Tensor x = ratings.Dense(torch.ones_like(ratings.Stars), userCount, itemCount);
            Tensor similarity = ColumnSimilarities.ImplicitCosine(x, shrinkage);
            similarity = similarity * (1 - torch.eye(itemCount, device: x.device));   // a film is not its own neighbour
            var (top, index) = similarity.topk(neighbours, dim: 0);        // the k most similar films in every column
            Tensor pruned = torch.zeros_like(similarity).scatter(0, index, top);
            // Every user's scores, computed once; the scorer only picks rows. Kept beyond this scope.
            scores = x.mm(pruned).DetachFromDisposeScope();
        }
        return Scorers.ForUsers(users => scores[users], device: scores.device);
    }
}
