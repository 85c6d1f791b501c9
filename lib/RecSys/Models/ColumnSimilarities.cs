using TorchSharp;
using static TorchSharp.torch;

// Taught in notebooks/02-collaborative-filtering.ipynb (the cell marked "// @save" with this path): edit both together.
namespace RecSys.Models;

/// <summary>
/// Similarity of every pair of columns of a (rows × columns) matrix, shrunk towards 0 by how many rows support it:
/// films when the rows are users (item-based), users when the matrix is transposed (user-based).
/// </summary>
public static class ColumnSimilarities
{
    /// <summary>
    /// Implicit feedback (0/1): the cosine of two columns, n_ij / √(n_i·n_j), where n_i counts the rows that have
    /// column i and n_ij the rows that have both; times n_ij / (n_ij + λ).
    /// </summary>
    public static Tensor ImplicitCosine(Tensor interactions, double shrinkage)
    {
        CheckShrinkage(shrinkage);
        using var scope = torch.NewDisposeScope();                    // frees the intermediate (columns × columns) matrices
        using var noGrad = torch.no_grad();
        Tensor together = interactions.t().mm(interactions);         // n_ij; the diagonal holds n_i
        Tensor counts = interactions.sum(dim: 0);                     // n_i
        Tensor norms = counts.outer(counts).sqrt().clamp_min(1e-9);   // √(n_i·n_j)
        return (together / norms * Shrink(together, shrinkage)).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Explicit ratings: the cosine of raw stars over the rows that rated both columns (the norms, too, only over
    /// those rows), shrunk by the co-rating count. <paramref name="mask"/> marks the known entries with 1.
    /// </summary>
    public static Tensor RatingCosine(Tensor stars, Tensor mask, double shrinkage) => CoRatedCosine(stars, mask, shrinkage);

    /// <summary>
    /// Pearson-baseline (Koren 2010): the same co-rated cosine, of the residuals z = r − b_ui left after the
    /// baseline, so it measures agreement in taste rather than in generosity or reputation.
    /// </summary>
    public static Tensor PearsonBaseline(Tensor residuals, Tensor mask, double shrinkage) => CoRatedCosine(residuals, mask, shrinkage);

    /// <summary>Σ v_i v_j / (√Σ v_i² · √Σ v_j²), every sum over the rows that know both columns; times n_ij / (n_ij + λ).</summary>
    static Tensor CoRatedCosine(Tensor values, Tensor mask, double shrinkage)
    {
        CheckShrinkage(shrinkage);
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        Tensor dot = values.t().mm(values);
        Tensor squares = (values * values).t().mm(mask);             // [i, j] = Σ over rows that know both of values[·, i]²
        Tensor norms = (squares * squares.t()).sqrt().clamp_min(1e-9);
        Tensor together = mask.t().mm(mask);                          // n_ij
        return (dot / norms * Shrink(together, shrinkage)).MoveToOuterDisposeScope();
    }

    /// <summary>n / (n + λ), and 0 where n = 0 (also when λ = 0).</summary>
    static Tensor Shrink(Tensor together, double shrinkage) => together / (together + shrinkage).clamp_min(1e-9);

    static void CheckShrinkage(double shrinkage)
    {
        if (shrinkage < 0 || double.IsNaN(shrinkage))
            throw new ArgumentOutOfRangeException(nameof(shrinkage), shrinkage, "Shrinkage λ must be 0 or more.");
    }
}
